import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  callStateNotification,
  callTerminatedNotification,
  incomingCallNotification,
  LocalOpenIdProvider,
  toneNotification,
  type DeliveryResult,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import type { CallingWebhookOptions } from 'nestjs-calling-webhook';
import {
  senderFor,
  startFleetInstance,
  type FleetInstance,
} from './support/fleet-kit.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';

// Instances of a fleet as Nest apps in this process, on a real redis-server: who handles which
// notification, what the platform is answered, and what happens when Redis does not answer.
// The fleet's faults with real processes (kill -9, SIGTERM, Redis restarted) are in
// fleet-processes.e2e-spec.ts. Without redis-server on the PATH these are skipped locally
// (never under CI=true, where they fail).
describe.skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')(
  'a fleet on a real redis-server',
  () => {
    let redis: LocalRedisServer;
    let provider: LocalOpenIdProvider;
    const running: FleetInstance[] = [];

    beforeAll(async () => {
      redis = await LocalRedisServer.start();
      provider = await LocalOpenIdProvider.start();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((i) => i.app.close()));
    });
    afterAll(async () => {
      await provider.close();
      await redis.stop();
    });

    const sender = () => senderFor(provider);

    function incoming(callId: string) {
      return incomingCallNotification({
        callId,
        tenantId: provider.tenantId,
        from: { id: randomUUID(), displayName: 'Caller' },
        to: { id: provider.appId, displayName: 'Bot' },
      });
    }

    describe.each(HTTP_PLATFORMS)('on %s', (platform: HttpPlatform) => {
      async function fleet(
        size: number,
        routing: 'forward' | 'redirect' = 'forward',
        webhook: Partial<CallingWebhookOptions> = {},
      ): Promise<FleetInstance[]> {
        // A fresh key prefix per test: nothing of an earlier test's fleet is seen.
        const keyPrefix = `t-${randomUUID().slice(0, 8)}:`;
        const instances = await Promise.all(
          Array.from({ length: size }, (_, i) =>
            startFleetInstance(
              provider,
              {
                redis: redis.url,
                instanceId: `${'abc'[i]}`,
                routing,
                keyPrefix,
              },
              { platform, webhook },
            ),
          ),
        );
        running.push(...instances);
        return instances;
      }

      it('handles every notification of a call on the instance that got its first, whoever receives it', async () => {
        const [a, b, c] = await fleet(3);
        const callId = randomUUID();
        const deliveries: DeliveryResult[] = [];
        deliveries.push(await sender().deliver(a.webhook, incoming(callId)));
        deliveries.push(
          await sender().deliver(
            b.webhook,
            callStateNotification(callId, 'established'),
          ),
        );
        deliveries.push(
          await sender().deliver(c.webhook, toneNotification(callId, 'tone1')),
        );
        deliveries.push(
          await sender().deliver(a.webhook, toneNotification(callId, 'tone2')),
        );
        deliveries.push(
          await sender().deliver(b.webhook, callTerminatedNotification(callId)),
        );

        expect(deliveries.map((d) => d.status)).toEqual([
          202, 202, 202, 202, 202,
        ]);
        expect(a.log.of(callId).map((h) => h.change)).toEqual([
          'call:created',
          'call:updated',
          'call:updated',
          'call:updated',
          'call:deleted',
        ]);
        expect(b.log.handled).toEqual([]);
        expect(c.log.handled).toEqual([]);
        // The owner answered its own notification without asking Redis who owns the call.
        expect(a.fleet().counters).toMatchObject({
          ownerPath: 1,
          handedOver: 3,
        });
        expect(b.fleet().counters.forwarded).toBe(2);
        expect(c.fleet().counters.forwarded).toBe(1);
      });

      it("answers a handed-over notification with the owner's outcome: 500 when a handler failed, and the retry runs once", async () => {
        const [a, b, c] = await fleet(3);
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));
        a.log.failNext = 1;
        const messageId = randomUUID();
        const established = callStateNotification(callId, 'established');

        const failed = await sender().deliver(b.webhook, established, {
          messageId,
        });
        // The platform retries the same message; it lands on another instance.
        const retried = await sender().deliver(c.webhook, established, {
          messageId,
        });
        const again = await sender().deliver(b.webhook, established, {
          messageId,
        });

        expect([failed.status, retried.status, again.status]).toEqual([
          500, 202, 202,
        ]);
        expect(
          a.log.of(callId).filter((h) => h.messageId === messageId),
        ).toHaveLength(1);
      });

      it('answers a handed-over notification 202 at the budget when its handlers take longer, and they finish on the owner', async () => {
        const [a, b] = await fleet(2, 'forward', {
          acknowledgementBudgetMs: 300,
        });
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));
        a.log.delayMs = 1_000;

        const slow = await sender().deliver(
          b.webhook,
          callStateNotification(callId, 'established'),
        );

        expect(slow.status).toBe(202);
        expect(slow.hops[0].durationMs).toBeLessThan(1_000);
        await vi.waitFor(() =>
          expect(a.log.of(callId).map((h) => h.change)).toEqual([
            'call:created',
            'call:updated',
          ]),
        );
        expect(b.log.handled).toEqual([]);
      });

      it('runs a notification delivered to two instances at once once, a new call as well', async () => {
        const [a, b, c] = await fleet(3);
        const callId = randomUUID();
        const first = randomUUID();
        const both = await Promise.all(
          [b, c].map((i) =>
            sender().deliver(i.webhook, incoming(callId), { messageId: first }),
          ),
        );
        const second = randomUUID();
        const established = callStateNotification(callId, 'established');
        const again = await Promise.all(
          [a, b, c].map((i) =>
            sender().deliver(i.webhook, established, { messageId: second }),
          ),
        );

        expect([...both, ...again].map((d) => d.status)).toEqual([
          202, 202, 202, 202, 202,
        ]);
        const handled = [a, b, c].flatMap((i) => i.log.of(callId));
        expect(handled.map((h) => h.messageId)).toEqual([first, second]);
        // One instance claimed the call and ran both.
        expect([a, b, c].filter((i) => i.log.handled.length > 0)).toHaveLength(
          1,
        );
      });

      it("redirect routing: a stray gets 307 to its owner's own URL with its path and query, and is handled there", async () => {
        const [a, b] = await fleet(2, 'redirect');
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));

        const stray = await sender().deliver(
          `${b.webhook}?tenant=x`,
          callStateNotification(callId, 'established'),
        );

        expect(stray.hops.map((h) => h.status)).toEqual([307, 202]);
        expect(stray.hops[0].location).toBe(`${a.webhook}?tenant=x`);
        expect(a.log.of(callId).map((h) => h.change)).toEqual([
          'call:created',
          'call:updated',
        ]);
        expect(b.log.handled).toEqual([]);
        expect(b.fleet().counters.redirected).toBe(1);
      });

      it('Redis not answering: every notification answered 202 within the budget and handled where it landed (degraded), then back to its owner', async () => {
        const [a, b] = await fleet(2);
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));

        redis.pause();
        let degraded: DeliveryResult;
        try {
          degraded = await sender().deliver(
            b.webhook,
            callStateNotification(callId, 'established'),
          );
          expect(b.fleet()).toMatchObject({ redisReachable: false });
        } finally {
          redis.resume();
        }

        expect(degraded.status).toBe(202);
        expect(degraded.hops[0].durationMs).toBeLessThan(2_000);
        expect(b.log.of(callId).map((h) => h.change)).toEqual(['call:updated']);
        expect(b.fleet().counters.withoutRedis).toBe(1);
        await vi.waitFor(
          () =>
            expect(b.fleet()).toMatchObject({
              redisReachable: true,
              leaseHeld: true,
            }),
          { timeout: 10_000, interval: 50 },
        );
        await sender().deliver(b.webhook, toneNotification(callId, 'tone1'));
        expect(a.log.of(callId).map((h) => h.change)).toEqual([
          'call:created',
          'call:updated',
        ]);
      });

      it('a Redis client the app gives is left open at shutdown, and every connection the module opened is closed', async () => {
        const client = new Redis(redis.url, { connectionName: 'the-app' });
        try {
          const a = await startFleetInstance(
            provider,
            {
              redis: client,
              instanceId: `own-${randomUUID().slice(0, 8)}`,
              keyPrefix: `t-${randomUUID().slice(0, 8)}:`,
            },
            { platform },
          );
          const moduleConnection = `name=calling-webhook:${a.id} `;
          const connections = async () =>
            ((await client.call('CLIENT', 'LIST')) as string)
              .split('\n')
              .filter((line) => line.includes(moduleConnection));
          const callId = randomUUID();
          expect(
            (await sender().deliver(a.webhook, incoming(callId))).status,
          ).toBe(202);
          // Its commands, blocking reads and pub/sub: each on a connection of its own.
          expect(await connections()).toHaveLength(3);

          await a.app.close();

          expect(client.status).toBe('ready');
          expect(await client.ping()).toBe('PONG');
          await vi.waitFor(
            async () => expect(await connections()).toEqual([]),
            {
              timeout: 5_000,
              interval: 50,
            },
          );
        } finally {
          client.disconnect();
        }
      });

      it('an instance that stops hands its calls over at once: a survivor takes them and handles what comes next', async () => {
        const [a, b] = await fleet(2);
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));

        await a.app.close();
        running.splice(running.indexOf(a), 1);
        // Told of the departure, the survivor takes the call without waiting for a lease to run out.
        await vi.waitFor(() => expect(b.fleet().ownedCalls).toBe(1), {
          timeout: 900,
          interval: 20,
        });
        const next = await sender().deliver(
          b.webhook,
          callStateNotification(callId, 'established'),
        );

        expect(next.status).toBe(202);
        expect(b.log.of(callId).map((h) => h.change)).toEqual(['call:updated']);
        expect(b.fleet().counters).toMatchObject({
          takenOver: 1,
          ownerPath: 1,
        });
      });
    });
  },
);
