import { Injectable, type INestApplication } from '@nestjs/common';
import {
  CallControl,
  CallingWebhookModule,
  OnCallEstablished,
  OnIncomingCall,
  OnOperationCompleted,
  type AnyCallNotificationEvent,
  type CallEstablishedEvent,
  type IncomingCallEvent,
  type OperationCompletedEvent,
} from 'nestjs-calling-webhook';
import {
  BAD_TOKEN_KINDS,
  CallScenarioError,
  LocalCallingPlatform,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { baseUrlOf, startNestApp } from './support/webhook-app.js';

const SILENT_TENANT = 'cccccccc-0000-4000-8000-00000000000c';

/** A bot as a user writes it: answer, play a prompt once established, hang up when it played. */
@Injectable()
class PromptThenHangUp {
  readonly seen: AnyCallNotificationEvent[] = [];
  constructor(private readonly calls: CallControl) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    this.seen.push(event);
    if (event.tenantId === SILENT_TENANT) return;
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
  }

  @OnCallEstablished()
  async established(event: CallEstablishedEvent): Promise<void> {
    this.seen.push(event);
    await this.calls.playPrompt(event, {
      prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/hello.wav' } }],
    });
  }

  @OnOperationCompleted('playPrompt')
  async played(event: OperationCompletedEvent): Promise<void> {
    this.seen.push(event);
    await this.calls.hangUp(event);
  }
}

describe.each(HTTP_PLATFORMS)(
  'LocalCallingPlatform drives a Nest bot on %s through a whole call',
  (httpPlatform) => {
    let platform: LocalCallingPlatform;
    let app: INestApplication;
    let webhookUrl: string;

    beforeAll(async () => {
      platform = await LocalCallingPlatform.start({ timeoutMs: 5_000 });
      app = await startNestApp(
        {
          imports: [
            CallingWebhookModule.forRoot({
              ...platform.webhookOptions(),
              graphRetry: { maxAttempts: 1 },
            }),
          ],
          providers: [PromptThenHangUp],
        },
        undefined,
        { platform: httpPlatform },
      );
      webhookUrl = `${baseUrlOf(app)}/api/calls`;
    });
    afterAll(async () => {
      await app?.close();
      await platform?.close();
    });
    beforeEach(() => {
      app.get(PromptThenHangUp).seen.length = 0;
    });

    it('legacy 204, Graph 202, answer, established, prompt completed, the bot hangs up, terminated', async () => {
      const call = await platform.placeCall({ target: webhookUrl });
      const answer = await call.answered();
      expect(webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calls$/);
      expect(answer).toMatchObject({
        status: 202,
        tokenTenantId: platform.tenantId,
        body: { acceptedModalities: ['audio'] },
      });
      await call.established();
      // The platform's call is established by the time the bot has accepted the notification.
      expect(call.state).toBe('established');
      await call.delivery('playPrompt completed');
      await call.terminated();
      expect(call.state).toBe('terminated');
      expect(call.hungUpBy).toBe('bot');

      const posts = call.transcript.flatMap((e) =>
        e.kind === 'notification' ? [`${e.what} ${e.status}`] : [],
      );
      expect(posts).toEqual([
        'incoming call (legacy) 204',
        'incoming call 202',
        'establishing 202',
        'established 202',
        'participants 202',
        'playPrompt completed 202',
        'terminated 202',
      ]);
      expect(call.graphRequests.map((r) => `${r.action} ${r.status}`)).toEqual([
        'answer 202',
        'playPrompt 200',
        'delete 204',
      ]);
    });

    it('gives the handlers the platform headers: one chain id per call, a message id per POST', async () => {
      const bot = app.get(PromptThenHangUp);
      const call = await platform.placeCall({ target: webhookUrl });
      await call.terminated();
      const chainIds = new Set(bot.seen.map((e) => e.headers.chainId));
      expect([...chainIds]).toEqual([call.chainId]);
      const messageIds = bot.seen.map((e) => e.headers.messageId);
      expect(new Set(messageIds).size).toBe(messageIds.length);
      expect(bot.seen.map((e) => e.callId)).toEqual([
        call.id,
        call.id,
        call.id,
      ]);
    });

    it('answered() fails with what happened when the bot does not answer in time', async () => {
      const call = await platform.placeCall({
        target: webhookUrl,
        tenant: SILENT_TENANT,
        timeoutMs: 300,
      });
      const failure = call.answered().catch((error: unknown) => error);
      const error = await failure;
      expect(error).toBeInstanceOf(CallScenarioError);
      expect(String(error)).toMatch(
        /no answer .* within 300 ms \(notifications: incoming call → 202; bot's Graph requests: none\)/,
      );
    });

    it('answered() fails at once when the bot refuses the notification', async () => {
      const call = await platform.placeCall({ target: `${webhookUrl}/x/y` });
      await expect(call.answered()).rejects.toThrow(
        /answered the incoming call notification with 404/,
      );
    });

    it.each(BAD_TOKEN_KINDS)(
      'the bot refuses a %s token with 401',
      async (kind) => {
        const sender = platform.sender();
        const result = await sender.deliver(
          webhookUrl,
          {},
          {
            token: platform.badToken(kind),
          },
        );
        expect(result.status).toBe(401);
      },
    );

    it('the caller can hang up: the bot gets terminated', async () => {
      const call = await platform.placeCall({
        target: webhookUrl,
        autoEstablish: false,
      });
      await call.answered();
      const delivery = await call.hangUp();
      expect(delivery).toMatchObject({ what: 'terminated', accepted: true });
      expect(call.hungUpBy).toBe('caller');
    });
  },
);
