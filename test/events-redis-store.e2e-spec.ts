import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import {
  OnIncomingCall,
  RedisDuplicateStore,
  type IncomingCallEvent,
} from 'nestjs-calling-webhook';
import {
  LocalOpenIdProvider,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { App } from 'supertest/types.js';
import {
  EventRecorder,
  graphFixture,
  postNotification,
} from './support/events-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';

// A fleet behind one webhook URL: two instances share a real redis-server, so a redelivery that
// lands on the other instance does not run the handlers again. `.ci/run` installs redis-server;
// without it on the PATH these tests are skipped locally (never under CI=true, where they fail).
const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';

@Injectable()
class IncomingHandler {
  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
  ) {}

  @OnIncomingCall()
  incoming(event: IncomingCallEvent): void {
    this.recorder.record('incoming', event);
  }
}

describe
  .skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')
  .each(HTTP_PLATFORMS)(
  '%s: RedisDuplicateStore against a real redis-server',
  (platform) => {
    let redis: LocalRedisServer;
    let provider: LocalOpenIdProvider;
    const clients: Redis[] = [];
    const apps: INestApplication<App>[] = [];

    beforeAll(async () => {
      redis = await LocalRedisServer.start();
      provider = await LocalOpenIdProvider.start();
    });
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
      // Each test starts on an empty Redis: no key of an earlier test is counted.
      await clients[0]?.flushall();
      // The store never closes a client it was given: the test does.
      await Promise.all(clients.splice(0).map((client) => client.quit()));
    });
    afterAll(async () => {
      await provider.close();
      await redis.stop();
    });

    async function instance(logs = new CapturedLogs(), timeoutMs?: number) {
      const client = new Redis(redis.url);
      client.on('error', () => undefined);
      clients.push(client);
      const recorder = new EventRecorder();
      const app = await startWebhookApp(
        provider,
        { duplicateStore: new RedisDuplicateStore(client, { timeoutMs }) },
        logs,
        {
          platform,
          providers: [
            IncomingHandler,
            { provide: EventRecorder, useValue: recorder },
          ],
        },
      );
      apps.push(app);
      return { app, recorder, client, logs };
    }

    it('runs the handlers once for a notification redelivered to another instance', async () => {
      const first = await instance();
      const second = await instance();
      const headers = { 'X-Microsoft-Skype-Message-ID': randomUUID() };

      expect(
        (
          await postNotification(
            first.app,
            provider,
            graphFixture(INCOMING),
            headers,
          )
        ).status,
      ).toBe(202);
      expect(
        (
          await postNotification(
            second.app,
            provider,
            graphFixture(INCOMING),
            headers,
          )
        ).status,
      ).toBe(202);

      expect(first.recorder.handlers()).toEqual(['incoming']);
      expect(second.recorder.handlers()).toEqual([]);
      // The key lives in Redis with the duplicate TTL (15 minutes by default), in the call's
      // hash tag (one Cluster slot per call), as a fleet keeps it.
      const callKey = first.recorder.seen[0].event.callId
        .replaceAll('-', '')
        .toLowerCase();
      const keys = await first.client.keys('calling-webhook:*');
      expect(keys).toEqual([
        `calling-webhook:{call:${callKey}}:handled:${first.recorder.seen[0].event.tenantId}:${headers['X-Microsoft-Skype-Message-ID']}:0`,
      ]);
      const ttl = await first.client.pttl(keys[0]);
      expect(ttl).toBeGreaterThan(14 * 60_000);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    });

    it('runs a different notification on the other instance', async () => {
      const first = await instance();
      const second = await instance();
      await postNotification(
        first.app,
        provider,
        graphFixture(INCOMING),
      ).expect(202);
      await postNotification(
        second.app,
        provider,
        graphFixture(INCOMING),
      ).expect(202);
      expect(first.recorder.handlers()).toEqual(['incoming']);
      expect(second.recorder.handlers()).toEqual(['incoming']);
    });

    it('lets a notification through when Redis does not answer in time (better twice than never)', async () => {
      const logs = new CapturedLogs();
      const only = await instance(logs, 200);
      redis.pause();
      try {
        const started = Date.now();
        await postNotification(
          only.app,
          provider,
          graphFixture(INCOMING),
        ).expect(202);
        expect(Date.now() - started).toBeLessThan(2_000);
      } finally {
        redis.resume();
      }
      expect(only.recorder.handlers()).toEqual(['incoming']);
      expect(
        logs.lines.some((line) =>
          line.includes('Duplicate store lookup failed'),
        ),
      ).toBe(true);
    });
  },
);
