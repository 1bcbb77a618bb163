import diagnosticsChannel from 'node:diagnostics_channel';
import { Injectable, type INestApplication } from '@nestjs/common';
import {
  HANDLER_CHANNEL,
  NOTIFICATION_CHANNEL,
  OnIncomingCall,
  SIGNING_KEYS_REFRESH_CHANNEL,
  TOKEN_CACHE_LOOKUP_CHANNEL,
  type HandlerTraceMessage,
  type IncomingCallEvent,
  type NotificationTraceMessage,
  type SigningKeysRefreshMessage,
  type TokenCacheLookupMessage,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { graphFixture, postNotification } from './support/events-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { startWebhookApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const CALL_ID = '57DAB8B1894C409AB240BD8BEAE78896';

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
