import request from 'supertest';
import {
  callStateNotification,
  LocalCallingPlatform,
  type SimulatedCall,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { startSampleBot, type SampleBot } from './support/sample-bot.js';

const KEY = 'sample-key-0123456789';
const PROMPT = 'https://cdn.contoso.com/welcome.wav';
const NOTICE = 'https://cdn.contoso.com/notice.wav';
const USER = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
const WAIT = { timeout: 10_000 };

/** When the bot sent its Graph request `action` about `call` (epoch ms). */
const sentAt = (call: SimulatedCall, action: string) =>
  call.graphRequests.find((r) => r.action === action)?.receivedAt ?? NaN;

describe.each(HTTP_PLATFORMS)('the sample bot (%s)', (http) => {
  let platform: LocalCallingPlatform;
  beforeAll(async () => {
    platform = await LocalCallingPlatform.start({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await platform.close();
  });

  it('has no outbound-calls route without CALLING_SAMPLE_API_KEY (404)', async () => {
    const bot = await startSampleBot(platform, http);
    try {
      const res = await request(bot.app.getHttpServer())
        .post('/api/outbound-calls')
        .set('Authorization', `Bearer ${KEY}`)
        .send({ tenantId: platform.tenantId, userId: USER });
      expect(res.status).toBe(404);
    } finally {
      await bot.app.close();
    }
  });

  it('bounds a call it placed by CALLING_HANG_UP_AFTER_MS, the prompt still playing', async () => {
    const bot = await startSampleBot(platform, http, {
      CALLING_SAMPLE_API_KEY: KEY,
      CALLING_PROMPT_URL: PROMPT,
      CALLING_HANG_UP_AFTER_MS: '500',
    });
    try {
      const next = platform.nextOutboundCall({ operationDurationMs: 60_000 });
      const res = await request(bot.app.getHttpServer())
        .post('/api/outbound-calls')
        .set('Authorization', `Bearer ${KEY}`)
        .send({ tenantId: platform.tenantId, userId: USER });
      expect(res.status).toBe(201);
      const call = await next;
      await call.graphRequest('playPrompt');
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
      expect(call.operations.find((o) => o.type === 'playPrompt')?.status).toBe(
        'running',
      );
      await vi.waitFor(
        () =>
          expect(bot.logs.lines).toContain(
            `hung up (time is up) {"callId":"${call.id}"}`,
          ),
        WAIT,
      );
    } finally {
      await bot.app.close();
    }
  });

  describe('with CALLING_SAMPLE_API_KEY and a prompt', () => {
    let bot: SampleBot;
    beforeAll(async () => {
      bot = await startSampleBot(platform, http, {
        CALLING_SAMPLE_API_KEY: KEY,
        CALLING_PROMPT_URL: PROMPT,
      });
    });
    afterAll(async () => {
      await bot.app.close();
    });
    const place = (body: unknown, key: string | null = KEY) => {
      const req = request(bot.app.getHttpServer())
        .post('/api/outbound-calls')
        .set('Content-Type', 'application/json');
      if (key !== null) req.set('Authorization', `Bearer ${key}`);
      return req.send(typeof body === 'string' ? body : JSON.stringify(body));
    };

    it('refuses a request without the key, or with another one (401), placing nothing', async () => {
      const placed = platform.outboundCalls.length;
      const body = { tenantId: platform.tenantId, userId: USER };
      for (const key of [null, 'wrong', `${KEY}x`, KEY.slice(1)]) {
        const res = await place(body, key);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(JSON.stringify(res.body)).not.toContain(KEY);
      }
      expect(platform.outboundCalls).toHaveLength(placed);
    });

    it.each<[string, unknown, RegExp]>([
      ['an array', [], /JSON object/],
      ['a user without tenant', { userId: USER }, /tenantId and userId/],
      ['nothing to call', { tenantId: 'x' }, /tenantId and userId/],
      [
        'both forms',
        {
          tenantId: 'x',
          userId: USER,
          joinWebUrl: 'https://teams.microsoft.com/meet/1?p=a',
        },
        /not both/,
      ],
      ['a number for userId', { tenantId: 'x', userId: 7 }, /userId must be/],
      [
        'an http prompt',
        {
          tenantId: 'x',
          userId: USER,
          promptUrl: 'http://cdn.contoso.com/a.wav',
        },
        /promptUrl must be an https URL/,
      ],
      [
        'a tenant that is not one',
        { tenantId: 'not a tenant!', userId: USER },
        /tenantId/,
      ],
      [
        'a link that is not a Teams join link',
        { joinWebUrl: 'https://example.com/x', tenantId: platform?.tenantId },
        /join link/i,
      ],
    ])('answers 400 for %s', async (_name, body, message) => {
      const res = await place(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await place('{"tenantId":');
      expect(res.status).toBe(400);
    });

    it("answers 502 with Graph's code when Graph refuses to place the call", async () => {
      platform.graph.failNext(1, { status: 403, code: 'Forbidden' });
      const res = await place({ tenantId: platform.tenantId, userId: USER });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'Forbidden', graphStatus: 403 });
    });

    it('calls a Teams user (201 { callId }); once established it plays the prompt, waits until it played, hangs up', async () => {
      const next = platform.nextOutboundCall({ operationDurationMs: 300 });
      const res = await place({
        tenantId: platform.tenantId,
        userId: USER,
        promptUrl: NOTICE,
      });
      expect(res.status).toBe(201);
      const call = await next;
      expect(res.body).toEqual({ callId: call.id });
      expect(call.request).toMatchObject({
        targets: [{ identity: { user: { id: USER } } }],
      });
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
      const prompt = call.graphRequests.find((r) => r.action === 'playPrompt');
      expect(prompt?.body).toMatchObject({
        prompts: [{ mediaInfo: { uri: NOTICE } }],
      });
      expect(sentAt(call, 'subscribeToTone')).toBeLessThanOrEqual(
        sentAt(call, 'playPrompt'),
      );
      // It hung up once the prompt had played, not before.
      expect(sentAt(call, 'delete')).toBeGreaterThanOrEqual(
        call.operations[0].endedAt ?? Infinity,
      );
      expect(bot.logs.lines).toContain(
        `hung up (prompt played) {"callId":"${call.id}"}`,
      );
    });

    it('hangs up a call it placed at once on a key pressed while the prompt plays', async () => {
      const next = platform.nextOutboundCall({ operationDurationMs: 60_000 });
      const res = await place({ tenantId: platform.tenantId, userId: USER });
      expect(res.status).toBe(201);
      const call = await next;
      await call.graphRequest('playPrompt');
      await call.sendTone('tone7');
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
      expect(call.operations.find((o) => o.type === 'playPrompt')?.status).toBe(
        'running',
      );
      await vi.waitFor(
        () =>
          expect(bot.logs.lines).toContain(
            `hung up (tone tone7) {"callId":"${call.id}"}`,
          ),
        WAIT,
      );
    });

    it('plays the prompt to a call it placed whose established came before Graph answered the placement', async () => {
      // Graph's notifications and its answer travel apart: here the 201 leaves last.
      let answer = () => {};
      platform.graph.failNext(1, {
        answerAfter: new Promise<void>((resolve) => (answer = resolve)),
      });
      const next = platform.nextOutboundCall({ operationDurationMs: 60_000 });
      const placing = place({
        tenantId: platform.tenantId,
        userId: USER,
        promptUrl: NOTICE,
      }).then((res) => res);
      const call = await next;
      await vi.waitFor(
        () =>
          expect(bot.logs.lines).toContain(
            `callStateChanged state=established {"callId":"${call.id}","instance":"bot-1"}`,
          ),
        WAIT,
      );
      expect(call.graphRequests.map((r) => r.action)).toEqual(['create']);
      answer();
      const res = await placing;
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ callId: call.id });
      const prompt = await call.graphRequest('playPrompt');
      expect(prompt.body).toMatchObject({
        prompts: [{ mediaInfo: { uri: NOTICE } }],
      });
      await call.sendTone('tone3');
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
      await vi.waitFor(
        () =>
          expect(bot.logs.lines).toContain(
            `hung up (tone tone3) {"callId":"${call.id}"}`,
          ),
        WAIT,
      );
    });

    it('joins a meeting from joinWebUrl and plays CALLING_PROMPT_URL', async () => {
      const next = platform.nextOutboundCall({ operationDurationMs: 50 });
      const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent('19:meeting_abc@thread.v2')}/0?context=${encodeURIComponent(
        JSON.stringify({ Tid: platform.tenantId, Oid: USER }),
      )}`;
      const res = await place({ joinWebUrl: link });
      expect(res.status).toBe(201);
      const call = await next;
      expect(res.body).toEqual({ callId: call.id });
      await call.terminated();
      expect(
        call.graphRequests.find((r) => r.action === 'playPrompt')?.body,
      ).toMatchObject({ prompts: [{ mediaInfo: { uri: PROMPT } }] });
      expect(call.hungUpBy).toBe('bot');
    });

    it('plays the prompt once to an incoming call, though established comes again and establishing after it', async () => {
      const call = await platform.placeCall({
        target: `${bot.url}/api/calls`,
        operationDurationMs: 60_000,
        deliverOutOfOrder: [['establishing', 'established']],
      });
      await call.delivery('establishing');
      await call.notify(
        'established again',
        callStateNotification(call.id, 'established'),
      );
      await call.graphRequest('playPrompt');
      await call.idle();
      expect(
        call.graphRequests.filter((r) => r.action === 'playPrompt'),
      ).toHaveLength(1);
      await call.hangUp();
    });

    it('hangs up at once on a key pressed while the prompt plays', async () => {
      const call = await platform.placeCall({
        target: `${bot.url}/api/calls`,
        operationDurationMs: 60_000,
      });
      await call.graphRequest('playPrompt');
      await call.sendTone('tone5');
      await call.graphRequest('delete');
      await call.terminated();
      expect(call.operations.find((o) => o.type === 'playPrompt')?.status).toBe(
        'running',
      );
      await vi.waitFor(
        () =>
          expect(bot.logs.lines).toContain(
            `hung up (tone tone5) {"callId":"${call.id}"}`,
          ),
        WAIT,
      );
    });

    it('hangs up once the prompt failed to play', async () => {
      const call = await platform.placeCall({
        target: `${bot.url}/api/calls`,
        operationDurationMs: 50,
      });
      await call.answered();
      call.failNextOperation('playPrompt');
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
      expect(bot.logs.lines).toContain(
        `hung up (prompt ended: OperationFailedError) {"callId":"${call.id}"}`,
      );
    });

    it('logs one line per handled event, naming it, the call and the instance', async () => {
      const call = await platform.placeCall({
        target: `${bot.url}/api/calls`,
        operationDurationMs: 10,
      });
      await call.terminated();
      await call.idle();
      const lines = bot.logs.lines.filter(
        (l) =>
          l.endsWith(`{"callId":"${call.id}","instance":"bot-1"}`) &&
          // The flow's own lines, and the library's (debug) 204 line, are not events.
          !/^(hung up|answered|Legacy notification)/.test(l),
      );
      expect(lines.map((l) => l.split(' ')[0])).toEqual([
        'incomingCall',
        'callStateChanged',
        'callStateChanged',
        'participantsUpdated',
        'operationCompleted',
        'callTerminated',
      ]);
    });
  });
});
