import { randomUUID } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import { Injectable, type INestApplication } from '@nestjs/common';
import {
  CALL_END_CHANNEL,
  CALL_START_CHANNEL,
  HANDLER_CHANNEL,
  KEEP_ALIVE_CHANNEL,
  NOTIFICATION_CHANNEL,
  OnIncomingCall,
  SIGNING_KEYS_REFRESH_CHANNEL,
  TOKEN_CACHE_LOOKUP_CHANNEL,
  type CallEndMessage,
  type CallStartMessage,
  type HandlerTraceMessage,
  type IncomingCallEvent,
  type KeepAliveMessage,
  type NotificationTraceMessage,
  type SigningKeysRefreshMessage,
  type TokenCacheLookupMessage,
} from 'nestjs-calling-webhook';
import {
  callStateNotification,
  LocalCallingPlatform,
  LocalOpenIdProvider,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import {
  Answerer,
  placeCallToUser,
  startCallsBot,
  type CallsBot,
} from './support/calls-kit.js';
import { graphFixture, postNotification } from './support/events-kit.js';
import { freePort } from './support/free-port.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const CALL_ID = '57DAB8B1894C409AB240BD8BEAE78896';
const KEEP_ALIVE_MS = 1_000;
// Generous: two cores shared with other test files delay timers, never advance them.
const WAIT = { timeout: 15_000, interval: 50 };

@Injectable()
class Handlers {
  failNext = false;

  @OnIncomingCall()
  incoming(_event: IncomingCallEvent): void {
    if (this.failNext) throw new Error('handler failed on purpose');
  }
}

/** What a plain `node:diagnostics_channel` subscriber (no OpenTelemetry) receives. */
class ChannelRecorder {
  readonly notifications: NotificationTraceMessage[] = [];
  readonly handlers: HandlerTraceMessage[] = [];
  readonly lookups: boolean[] = [];
  readonly refreshes: SigningKeysRefreshMessage[] = [];
  private readonly notification =
    diagnosticsChannel.tracingChannel(NOTIFICATION_CHANNEL);
  private readonly handler = diagnosticsChannel.tracingChannel(HANDLER_CHANNEL);
  private readonly onNotification = (m: unknown) =>
    this.notifications.push({ ...(m as NotificationTraceMessage) });
  private readonly onHandler = (m: unknown) =>
    this.handlers.push(m as HandlerTraceMessage);
  private readonly onLookup = (m: unknown) =>
    this.lookups.push((m as TokenCacheLookupMessage).hit);
  private readonly onRefresh = (m: unknown) =>
    this.refreshes.push(m as SigningKeysRefreshMessage);

  constructor() {
    // Only the end events: by then the library has filled the message in.
    this.notification.asyncEnd.subscribe(this.onNotification);
    this.handler.asyncEnd.subscribe(this.onHandler);
    diagnosticsChannel.subscribe(TOKEN_CACHE_LOOKUP_CHANNEL, this.onLookup);
    diagnosticsChannel.subscribe(SIGNING_KEYS_REFRESH_CHANNEL, this.onRefresh);
  }

  close(): void {
    this.notification.asyncEnd.unsubscribe(this.onNotification);
    this.handler.asyncEnd.unsubscribe(this.onHandler);
    diagnosticsChannel.unsubscribe(TOKEN_CACHE_LOOKUP_CHANNEL, this.onLookup);
    diagnosticsChannel.unsubscribe(
      SIGNING_KEYS_REFRESH_CHANNEL,
      this.onRefresh,
    );
  }
}

/** What a plain subscriber of the three call channels receives. */
class CallChannelRecorder {
  readonly keepAlives: KeepAliveMessage[] = [];
  readonly starts: CallStartMessage[] = [];
  readonly ends: CallEndMessage[] = [];
  private readonly subscribers: [string, (message: unknown) => void][] = [
    [KEEP_ALIVE_CHANNEL, (m) => this.keepAlives.push(m as KeepAliveMessage)],
    [CALL_START_CHANNEL, (m) => this.starts.push(m as CallStartMessage)],
    [CALL_END_CHANNEL, (m) => this.ends.push(m as CallEndMessage)],
  ];

  constructor() {
    for (const [name, onMessage] of this.subscribers)
      diagnosticsChannel.subscribe(name, onMessage);
  }

  /** Calls started and not ended: what a gauge kept from the two channels shows. */
  get active(): number {
    return this.starts.length - this.ends.length;
  }

  keepAlivesOf(callId: string, outcome: KeepAliveMessage['outcome']) {
    return this.keepAlives.filter(
      (m) => m.callId === callId && m.outcome === outcome,
    );
  }

  close(): void {
    for (const [name, onMessage] of this.subscribers)
      diagnosticsChannel.unsubscribe(name, onMessage);
  }
}

// The channels are public API for users who subscribe without OpenTelemetry.
describe.each(HTTP_PLATFORMS)(
  '%s: diagnostics channels, subscribed without OpenTelemetry',
  (platform) => {
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    let recorder: ChannelRecorder;
    beforeEach(async () => {
      provider = await LocalOpenIdProvider.start();
      recorder = new ChannelRecorder();
      app = await startWebhookApp(provider, {}, undefined, {
        platform,
        providers: [Handlers],
      });
    });
    afterEach(async () => {
      recorder.close();
      await app.close();
      await provider.close();
    });

    it('tell each notification with its answer, each handler run, token cache lookups and key fetches', async () => {
      const token = provider.mint();
      await post(app, { token: null, body: {} }).expect(401);
      await postNotification(
        app,
        provider,
        graphFixture(INCOMING),
        undefined,
        token,
      ).expect(202);
      await postNotification(
        app,
        provider,
        graphFixture(INCOMING),
        undefined,
        token,
      ).expect(202);
      await vi.waitFor(() => expect(recorder.notifications).toHaveLength(3));

      expect(recorder.notifications[0]).toEqual({ status: 401 });
      expect(recorder.notifications[1]).toMatchObject({
        status: 202,
        protocol: 'graph',
        callId: CALL_ID,
        changeType: 'created',
        resourceKind: 'call',
        notificationCount: 1,
      });
      expect(recorder.handlers[0]).toMatchObject({
        handler: 'Handlers.incoming',
        eventKind: 'call',
        changeType: 'created',
        callId: CALL_ID,
      });
      // The second notification's token was verified before.
      expect(recorder.lookups).toEqual([false, true]);
      expect(recorder.refreshes).toEqual([
        { outcome: 'success', keyCount: 1, durationMs: expect.any(Number) },
      ]);
    });

    it('tell a failed handler (its error) and the 500 it led to', async () => {
      app.get(Handlers).failNext = true;
      await postNotification(app, provider, graphFixture(INCOMING)).expect(500);
      await vi.waitFor(() => expect(recorder.notifications).toHaveLength(1));
      expect(recorder.notifications[0].status).toBe(500);
      expect(recorder.handlers[0].error).toBeInstanceOf(Error);
    });

    it('tell a failed key fetch with its reason', async () => {
      provider.outageStatus = 503;
      await postNotification(app, provider, graphFixture(INCOMING)).expect(503);
      expect(recorder.refreshes).toEqual([
        {
          outcome: 'failure',
          keyCount: 0,
          reason: expect.stringContaining('answered HTTP 503'),
          durationMs: expect.any(Number),
        },
      ]);
      await vi.waitFor(() =>
        expect(recorder.notifications).toEqual([{ status: 503 }]),
      );
    });
  },
);

// A call of the app's, from established to its end, as the keepAlive, call start and call end
// channels tell it: what `calling.keep_alives` and `calling.active_calls` are counted from.
describe.each(HTTP_PLATFORMS)('%s: the call channels', (http) => {
  let calls: CallChannelRecorder;
  let bot: CallsBot;
  beforeEach(async () => {
    calls = new CallChannelRecorder();
    bot = await startCallsBot(http, {
      keepAlive: { intervalMs: KEEP_ALIVE_MS },
    });
  });
  afterEach(async () => {
    calls.close();
    await bot.close();
  });

  it('tell an answered call once from established (delivered twice), each keepAlive, and its end', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    // Delivery is at least once: the same state again starts nothing again.
    await call.notify(
      'established again',
      callStateNotification(call.id, 'established'),
    );
    await vi.waitFor(
      () => expect(calls.keepAlivesOf(call.id, 'ok')).toHaveLength(1),
      WAIT,
    );
    expect(calls.starts).toEqual([{ callId: call.id, direction: 'incoming' }]);
    expect(calls.active).toBe(1);

    await call.hangUp();
    await vi.waitFor(() => expect(calls.ends).toHaveLength(1), WAIT);
    expect(calls.ends).toEqual([{ callId: call.id, reason: 'terminated' }]);
    expect(calls.starts).toHaveLength(1);
    expect(calls.active).toBe(0);
  });

  it('tell a placed call as outgoing', async () => {
    const { callId, call } = await placeCallToUser(bot);
    await call.established();
    await vi.waitFor(() => expect(calls.starts).toHaveLength(1), WAIT);
    expect(calls.starts).toEqual([{ callId: callId, direction: 'outgoing' }]);
    await call.hangUp();
    await vi.waitFor(() => expect(calls.active).toBe(0), WAIT);
    expect(calls.ends).toEqual([{ callId: callId, reason: 'terminated' }]);
  });

  it('tell a failed keepAlive with its status, and the next one that went through', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    // The next Graph request (the first keepAlive) meets a 503; the bot makes no retry of it.
    bot.platform.graph.failNext(1, { status: 503, retryAfter: 0 });
    await vi.waitFor(
      () => expect(calls.keepAlivesOf(call.id, 'ok')).toHaveLength(1),
      WAIT,
    );
    expect(calls.keepAlives).toEqual([
      { callId: call.id, outcome: 'failed', status: 503 },
      { callId: call.id, outcome: 'ok' },
    ]);
    expect(calls.ends).toEqual([]);
    // The warning names the call as a field, not only in its text.
    expect(bot.logs.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `keepAlive of call ${call.id} failed.* \\{"callId":"${call.id}"\\}$`,
        ),
      ),
    );
    await call.hangUp();
  });

  it('tell a keepAlive answered 404 as gone, and the end it makes once, though a terminated event follows', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.established();
    await vi.waitFor(
      () => expect(calls.keepAlivesOf(call.id, 'ok')).toHaveLength(1),
      WAIT,
    );
    call.forget();
    await vi.waitFor(
      () => expect(bot.log.count(call.id, 'terminated')).toBe(1),
      WAIT,
    );
    expect(calls.keepAlives.at(-1)).toEqual({
      callId: call.id,
      outcome: 'gone',
      status: 404,
    });
    expect(calls.ends).toEqual([{ callId: call.id, reason: 'gone' }]);
    expect(calls.active).toBe(0);
  });
});

// Two instances of a fleet in this process, on a real redis-server: a call counts once on the
// instance that keeps it alive, and moves with it. Skipped without redis-server (never in CI).
describe.skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')(
  'the call channels in a fleet',
  () => {
    let redis: LocalRedisServer;
    beforeAll(async () => {
      redis = await LocalRedisServer.start();
    });
    afterAll(async () => {
      await redis.stop();
    });

    describe.each(HTTP_PLATFORMS)('on %s', (http) => {
      let calls: CallChannelRecorder;
      let platform: LocalCallingPlatform;
      const running: INestApplication<App>[] = [];
      beforeEach(async () => {
        calls = new CallChannelRecorder();
        platform = await LocalCallingPlatform.start({ timeoutMs: 10_000 });
      });
      afterEach(async () => {
        calls.close();
        await Promise.all(running.splice(0).map((app) => app.close()));
        await platform.close();
      });

      async function startInstances(ids: string[]) {
        // A fresh key prefix per test: nothing of an earlier test's fleet is seen.
        const keyPrefix = `t-${randomUUID().slice(0, 8)}:`;
        const apps = await Promise.all(
          ids.map((id) => startInstance(platform, redis, http, id, keyPrefix)),
        );
        running.push(...apps.map(({ app }) => app));
        return apps;
      }

      it('a call taken over ends on the instance that stopped and starts on the taker, once each', async () => {
        const [a] = await startInstances(['a', 'b']);
        const call = await platform.placeCall({ target: a.webhook });
        await call.established();
        await vi.waitFor(
          () => expect(calls.keepAlivesOf(call.id, 'ok')).toHaveLength(1),
          WAIT,
        );
        expect(calls.starts).toHaveLength(1);

        await a.app.close();
        running.splice(running.indexOf(a.app), 1);
        expect(calls.ends).toEqual([{ callId: call.id, reason: 'stopped' }]);
        // The survivor takes the call over at once and sends its keepAlive without waiting.
        await vi.waitFor(
          () => expect(calls.keepAlivesOf(call.id, 'ok')).toHaveLength(2),
          WAIT,
        );
        expect(calls.starts).toEqual([
          { callId: call.id, direction: 'incoming' },
          { callId: call.id, direction: 'incoming' },
        ]);
        expect(calls.active).toBe(1);

        // Graph loses it: the taker's next keepAlive finds it gone.
        call.forget();
        await vi.waitFor(() => expect(calls.active).toBe(0), WAIT);
        expect(calls.ends).toEqual([
          { callId: call.id, reason: 'stopped' },
          { callId: call.id, reason: 'gone' },
        ]);
      });
    });
  },
);

/** A fleet instance answering calls of `platform`, keeping them alive every second. */
async function startInstance(
  platform: LocalCallingPlatform,
  redis: LocalRedisServer,
  http: HttpPlatform,
  instanceId: string,
  keyPrefix: string,
): Promise<{ app: INestApplication<App>; webhook: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await startWebhookApp(
    platform.openId,
    {
      ...platform.webhookOptions(),
      keepAlive: { intervalMs: KEEP_ALIVE_MS },
      graphRetry: { maxAttempts: 1 },
      fleet: {
        redis: redis.url,
        instanceId,
        instanceUrl: url,
        keyPrefix,
        leaseMs: 1_000,
      },
    },
    new CapturedLogs(),
    { platform: http, port, providers: [Answerer] },
  );
  return { app, webhook: `${url}/api/calls` };
}
