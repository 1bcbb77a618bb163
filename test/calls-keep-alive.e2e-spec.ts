import { setTimeout as sleep } from 'node:timers/promises';
import { CallEndedError, type CallEvent } from 'nestjs-calling-webhook';
import { callTerminatedNotification } from 'nestjs-calling-webhook/testing';
import {
  placeCallToUser,
  startCallsBot,
  type CallsBot,
} from './support/calls-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';

const INTERVAL_MS = 1_000;
// setTimeout may fire a millisecond early; jitter only ever makes a keepAlive earlier, by 10%.
const EARLIEST_GAP_MS = INTERVAL_MS * 0.9 - 5;
// A keepAlive still planned would come within one interval: a little more shows there is none.
const ABSENCE_MS = INTERVAL_MS * 1.2;
// Generous: two cores shared with other test files delay timers, never advance them.
const WAIT = { timeout: 15_000, interval: 50 };

const gapsOf = (times: readonly number[]) =>
  times.slice(1).map((t, i) => t - times[i]);

describe.each(HTTP_PLATFORMS)('keepAlive, automatic (%s)', (http) => {
  let bot: CallsBot;
  beforeEach(async () => {
    bot = await startCallsBot(http, { keepAlive: { intervalMs: INTERVAL_MS } });
  });
  afterEach(async () => {
    await bot.close();
  });

  it('keeps an answered call alive every interval from established, and stops once it ended', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    const establishedAt = Date.now();
    await vi.waitFor(() => expect(call.keepAlives.length).toBe(3), WAIT);
    expect(call.keepAlives[0] - establishedAt).toBeGreaterThanOrEqual(
      EARLIEST_GAP_MS - 50,
    );
    for (const gap of gapsOf(call.keepAlives))
      expect(gap).toBeGreaterThanOrEqual(EARLIEST_GAP_MS);
    expect((await bot.registry.get(call.id))?.keepAlive).toBe(true);

    await call.hangUp();
    const sent = call.keepAlives.length;
    // Nothing to wait for: an absence needs a window longer than one interval.
    await sleep(ABSENCE_MS);
    expect(call.keepAlives.length).toBe(sent);
    expect(
      call.graphRequests.filter(
        (r) => r.action === 'keepAlive' && r.status !== 200,
      ),
    ).toEqual([]);
  });

  it('keeps a placed call alive the same way', async () => {
    const { callId, call } = await placeCallToUser(bot);
    await call.established();
    await vi.waitFor(() => expect(call.keepAlives.length).toBe(1), WAIT);
    expect(await bot.registry.get(callId)).toMatchObject({
      direction: 'outgoing',
      state: 'established',
      keepAlive: true,
    });
    await call.hangUp();
  });

  it("plays Graph's 45-minute rule in seconds: the call kept alive outlives its window", async () => {
    // The platform ends a call 2.5 s after its last keepAlive (Graph: 45 minutes).
    const call = await bot.platform.placeCall({
      target: bot.target,
      keepAliveTimeoutMs: 2_500,
    });
    await call.established();
    const establishedAt = Date.now();
    await vi.waitFor(() => expect(call.keepAlives.length).toBe(3), WAIT);
    // Up longer than the window: without its keepAlives the call would have ended by now.
    expect(Date.now() - establishedAt).toBeGreaterThan(2_500);
    expect(call.state).toBe('established');
    expect(call.hungUpBy).toBeUndefined();
    await call.hangUp();
  });

  it('answers a keepAlive 404 by ending the call (not found), @OnCallTerminated once, and no more keepAlives', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    await vi.waitFor(() => expect(call.keepAlives.length).toBe(1), WAIT);
    call.forget();
    await vi.waitFor(
      () => expect(bot.log.count(call.id, 'terminated')).toBe(1),
      WAIT,
    );
    const ended = bot.log.runs.find(
      (r) => r.handler === 'terminated' && r.event.callId === call.id,
    )?.event as CallEvent;
    expect(ended).toMatchObject({
      kind: 'call',
      changeType: 'deleted',
      state: 'terminated',
      call: { state: 'terminated', resultInfo: { code: 404 } },
      headers: { messageId: undefined, raw: {} },
      tenantId: call.tenantId,
    });
    expect(ended.principal.tenantId).toBe(call.tenantId);
    expect((await bot.registry.get(call.id))?.end).toMatchObject({
      code: 404,
      reason: 'not found (the call is gone)',
    });
    const refused = call.graphRequests.filter((r) => r.action === 'keepAlive');
    expect(refused.at(-1)?.status).toBe(404);

    // A terminated notification after all runs the catch-alls only.
    await call.notify('late terminated', callTerminatedNotification(call.id));
    expect(bot.log.count(call.id, 'terminated')).toBe(1);
    expect(bot.log.of(call.id).at(-1)).toBe('any');
    await sleep(ABSENCE_MS);
    expect(
      call.graphRequests.filter((r) => r.action === 'keepAlive'),
    ).toHaveLength(refused.length);
  });

  it('logs a failed keepAlive without throwing, and sends the next one as planned', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    bot.platform.graph.failNext(1, { status: 500 });
    await vi.waitFor(
      () =>
        expect(
          call.graphRequests.filter(
            (r) => r.action === 'keepAlive' && r.status === 200,
          ),
        ).toHaveLength(1),
      WAIT,
    );
    expect(
      call.graphRequests.filter((r) => r.action === 'keepAlive')[0].status,
    ).toBe(500);
    expect(
      bot.logs.lines.some((l) =>
        l.startsWith(`keepAlive of call ${call.id} failed`),
      ),
    ).toBe(true);
    expect(call.state).toBe('established');
    await call.hangUp();
  });

  it('ends an operation awaited when a keepAlive is answered 404: its wait fails with the call gone', async () => {
    const call = await bot.platform.placeCall({
      target: bot.target,
      // The prompt plays far longer than the test: only the call's end can settle the wait.
      operationDurationMs: 60_000,
    });
    await call.established();
    const prompt = await bot.calls.playPrompt(
      { callId: call.id, tenantId: call.tenantId },
      { prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/hold.wav' } }] },
    );
    expect(prompt.status).toBe('running');
    const waiting = prompt
      .completed({ timeoutMs: WAIT.timeout })
      .catch((e: unknown) => e);
    call.forget();
    const ended = await waiting;
    expect(ended).toBeInstanceOf(CallEndedError);
    expect(ended).toMatchObject({
      callId: call.id,
      end: { code: 404, reason: 'not found (the call is gone)' },
    });
    expect(
      call.graphRequests.filter((r) => r.action === 'keepAlive').at(-1)?.status,
    ).toBe(404);
  });

  it('stops every keepAlive when the app closes', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    await vi.waitFor(() => expect(call.keepAlives.length).toBe(1), WAIT);
    await bot.app.close();
    const sent = call.keepAlives.length;
    await sleep(ABSENCE_MS);
    expect(call.keepAlives.length).toBe(sent);
  });
});

describe.each(HTTP_PLATFORMS)('keepAlive with Graph retries (%s)', (http) => {
  let bot: CallsBot;
  beforeEach(async () => {
    bot = await startCallsBot(http, {
      keepAlive: { intervalMs: INTERVAL_MS },
      // A retry well inside one interval, so that it cannot be taken for the next keepAlive.
      graphRetry: { maxAttempts: 3, baseDelayMs: 20 },
    });
  });
  afterEach(async () => {
    await bot.close();
  });

  it('retries a keepAlive answered 503 with the same request, says nothing failed, and keeps the cadence', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    // The call's next Graph request is its first keepAlive.
    bot.platform.graph.failNext(1, { status: 503 });
    const keepAlives = () =>
      call.graphRequests.filter((r) => r.action === 'keepAlive');
    await vi.waitFor(() => expect(keepAlives()).toHaveLength(3), WAIT);
    const [refused, retried, next] = keepAlives();
    expect([refused.status, retried.status, next.status]).toEqual([
      503, 200, 200,
    ]);
    // One keepAlive sent twice (one client-request-id), not two keepAlives.
    expect(retried.headers['client-request-id']).toBe(
      refused.headers['client-request-id'],
    );
    expect(next.headers['client-request-id']).not.toBe(
      refused.headers['client-request-id'],
    );
    expect(retried.receivedAt - refused.receivedAt).toBeLessThan(
      EARLIEST_GAP_MS,
    );
    // The next one is planned from the retried one's end, as after any keepAlive.
    expect(next.receivedAt - retried.receivedAt).toBeGreaterThanOrEqual(
      EARLIEST_GAP_MS,
    );
    expect(
      bot.logs.lines.filter((l) =>
        l.startsWith(`keepAlive of call ${call.id}`),
      ),
    ).toEqual([]);
    expect(call.state).toBe('established');
    await call.hangUp();
  });
});

describe.each(HTTP_PLATFORMS)('keepAlive: false (%s)', (http) => {
  it('leaves keepAlive to the app: the platform ends the call after its window (408/8537)', async () => {
    const bot = await startCallsBot(http, { keepAlive: false });
    try {
      const call = await bot.platform.placeCall({
        target: bot.target,
        keepAliveTimeoutMs: 1_500,
      });
      await call.established();
      await call.terminated();
      expect(call.hungUpBy).toBe('platform');
      expect(call.keepAlives).toEqual([]);
      expect(await bot.registry.get(call.id)).toMatchObject({
        keepAlive: false,
        state: 'terminated',
        end: {
          code: 408,
          subcode: 8537,
          message: 'Keep Alive timeout',
          reason: 'keepAlive timeout (no keepAlive for 45 minutes)',
        },
      });
    } finally {
      await bot.close();
    }
  });
});
