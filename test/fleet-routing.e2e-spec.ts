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
import type { CallRecord } from '../libs/calling-webhook/src/calls/call-record.interface.js';
import { FLEET_CALL_STORE } from '../libs/calling-webhook/src/fleet/fleet.constants.js';
import { FleetKeys } from '../libs/calling-webhook/src/fleet/fleet-keys.js';
import { FleetMembership } from '../libs/calling-webhook/src/fleet/membership/fleet-membership.service.js';
import { CallOwnership } from '../libs/calling-webhook/src/fleet/ownership/call-ownership.service.js';
import { FleetSweeper } from '../libs/calling-webhook/src/fleet/takeover/fleet-sweeper.js';
import type { ForwardedEntry } from '../libs/calling-webhook/src/fleet/routing/forwarded-entry.js';
import { NotificationForwarder } from '../libs/calling-webhook/src/fleet/routing/notification-forwarder.js';
import type { FleetCallStore } from '../libs/calling-webhook/src/fleet/shared/fleet-call.store.js';
import { callKeyOf } from '../libs/calling-webhook/src/protocol/call-id.js';
import { readNotificationHeaders } from '../libs/calling-webhook/src/protocol/notification-headers.js';
import { parseGraphNotification } from '../libs/calling-webhook/src/protocol/parse-graph-notification.js';
import { freePort } from './support/free-port.js';
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

      it('answers a delivery with calls of two owners within one budget from its arrival when both owners are slow', async () => {
        const budgetMs = 1_000;
        const [a, b] = await fleet(2, 'forward', {
          acknowledgementBudgetMs: budgetMs,
        });
        const ofA = randomUUID();
        const ofB = randomUUID();
        await sender().deliver(a.webhook, incoming(ofA));
        await sender().deliver(b.webhook, incoming(ofB));
        // Both owners' handlers outlast the budget several times over.
        a.log.delayMs = 4 * budgetMs;
        b.log.delayMs = 4 * budgetMs;
        const first = callStateNotification(ofA, 'established');
        const second = callStateNotification(ofB, 'established');

        const mixed = await sender().deliver(b.webhook, {
          ...first,
          value: [...first.value, ...second.value],
        });

        expect(mixed.status).toBe(202);
        // One budget, not one per owner one after the other (2 budgets); the rest is slack for a loaded machine.
        expect(mixed.hops[0].durationMs).toBeLessThan(budgetMs + 900);
        await vi.waitFor(
          () => {
            expect(a.log.of(ofA).map((h) => h.change)).toEqual([
              'call:created',
              'call:updated',
            ]);
            expect(b.log.of(ofB).map((h) => h.change)).toEqual([
              'call:created',
              'call:updated',
            ]);
          },
          { timeout: 10_000, interval: 50 },
        );
      });

      it("answers within one budget from its arrival when taking a dead owner's call over is slow", async () => {
        const budgetMs = 500;
        const [a, b] = await fleet(2, 'forward', {
          acknowledgementBudgetMs: budgetMs,
        });
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));
        // b takes the call only when a notification of it comes (no sweep), and loading it is slow.
        b.app.get(FleetSweeper).stop();
        b.app.get(CallOwnership).onHandover({
          adopted: () =>
            new Promise((resolve) => setTimeout(resolve, 8 * budgetMs)),
          lost: () => undefined,
        });
        // a stops renewing its lease, as a frozen process does: its calls are free once it runs out.
        a.app.get(FleetMembership).stop();
        const admin = new Redis(redis.url);
        try {
          const lease = a.app.get(FleetKeys).lease(a.id);
          await vi.waitFor(
            async () => expect(await admin.exists(lease)).toBe(0),
            { timeout: 10_000, interval: 20 },
          );
        } finally {
          admin.disconnect();
        }

        const taken = await sender().deliver(
          b.webhook,
          callStateNotification(callId, 'established'),
        );

        expect(taken.status).toBe(202);
        // Not a takeover's bound (2 s) and then a budget: one budget, plus slack for a loaded machine.
        expect(taken.hops[0].durationMs).toBeLessThan(budgetMs + 900);
        expect(b.fleet().counters.takenOver).toBe(1);
        await vi.waitFor(() =>
          expect(b.log.of(callId).map((h) => h.change)).toEqual([
            'call:updated',
          ]),
        );
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

      it('Redis refusing writes (out of memory): notifications answered 202 (never 500) and handled where they landed, degraded, logged once; back to their owner once Redis takes writes again', async () => {
        const [a, b] = await fleet(2);
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));
        const admin = new Redis(redis.url);
        const refused: DeliveryResult[] = [];
        try {
          // Every write is refused with OOM from now on; reads (and PING) still answer.
          await admin.config('SET', 'maxmemory-policy', 'noeviction');
          await admin.config('SET', 'maxmemory', '1');
          refused.push(
            await sender().deliver(
              b.webhook,
              callStateNotification(callId, 'established'),
            ),
            await sender().deliver(
              b.webhook,
              toneNotification(callId, 'tone1'),
            ),
            await sender().deliver(
              b.webhook,
              toneNotification(callId, 'tone2'),
            ),
          );
          expect(b.fleet()).toMatchObject({ redisReachable: false });
        } finally {
          await admin.config('SET', 'maxmemory', '0');
          admin.disconnect();
        }

        expect(refused.map((d) => d.status)).toEqual([202, 202, 202]);
        expect(b.log.of(callId).map((h) => h.change)).toEqual([
          'call:updated',
          'call:updated',
          'call:updated',
        ]);
        expect(b.fleet().counters.withoutRedis).toBe(3);
        // Logged when it started, not per notification (at most once per instance).
        const logged = [...a.logs.lines, ...b.logs.lines].filter((line) =>
          line.startsWith('Redis is unavailable'),
        );
        expect(logged.length).toBeGreaterThan(0);
        expect(logged.length).toBeLessThanOrEqual(2);
        await vi.waitFor(
          () =>
            expect(b.fleet()).toMatchObject({
              redisReachable: true,
              leaseHeld: true,
            }),
          { timeout: 10_000, interval: 50 },
        );
        const next = await sender().deliver(
          b.webhook,
          toneNotification(callId, 'tone3'),
        );
        expect(next.status).toBe(202);
        expect(a.log.of(callId).map((h) => h.change)).toEqual([
          'call:created',
          'call:updated',
        ]);
      });

      it('a Redis error reply on the notification path (a key of another type under the prefix): handled where it landed, never a 5xx, a handed-over entry acknowledged', async () => {
        const [a, b] = await fleet(2);
        const callId = randomUUID();
        const keys = a.app.get(FleetKeys);
        const admin = new Redis(redis.url);
        try {
          // Someone else's data where the call's owner key belongs: every lookup gets WRONGTYPE.
          await admin.hset(keys.callOwner(callKeyOf(callId)), 'x', '1');
          const delivered = await sender().deliver(
            b.webhook,
            callStateNotification(callId, 'established'),
          );
          // Handed to a's inbox as another instance would: a looks the call up too.
          const [item] = toneNotification(callId, 'tone1').value;
          await b.app.get(NotificationForwarder).post('a', {
            from: 'b',
            reply: randomUUID(),
            budgetMs: 1_000,
            hops: 0,
            notifications: [parseGraphNotification(item, 0)],
            principal: {
              appId: provider.appId,
              tenantId: provider.tenantId,
            },
            headers: readNotificationHeaders({}),
            bodyDigest: undefined,
          } as unknown as ForwardedEntry);

          expect(delivered.status).toBe(202);
          expect(b.log.of(callId).map((h) => h.change)).toEqual([
            'call:updated',
          ]);
          await vi.waitFor(
            async () => {
              expect(a.log.of(callId).map((h) => h.change)).toEqual([
                'call:updated',
              ]);
              const [pending] = (await admin.xpending(
                keys.inbox('a'),
                'owner',
              )) as [number];
              expect(pending).toBe(0);
            },
            { timeout: 10_000, interval: 50 },
          );
        } finally {
          admin.disconnect();
        }
      });

      it('a call record or a handover that cannot be serialised fails alone (a bug, logged): Redis is not taken for unreachable', async () => {
        const [a] = await fleet(1);
        const callId = randomUUID();
        await sender().deliver(a.webhook, incoming(callId));
        // Deep enough that JSON.stringify throws a RangeError (stack overflow).
        const deep = nested(20_000);
        const store = a.app.get<FleetCallStore>(FLEET_CALL_STORE);
        const record = {
          callId,
          tenantId: provider.tenantId,
          version: 1,
          call: deep,
        } as unknown as CallRecord;
        const entry = {
          from: 'b',
          reply: randomUUID(),
          budgetMs: 1_000,
          hops: 0,
          // Made by hand: the webhook refuses such an item (400) before it could be forwarded;
          // this is the forwarder's own defence.
          notifications: [
            {
              index: 0,
              changeType: 'updated',
              resourceUrl: `/communications/calls/${callId}`,
              callId,
              resourcePath: '',
              resourceData: deep,
              item: {
                changeType: 'updated',
                resourceUrl: `/communications/calls/${callId}`,
                resourceData: deep,
              },
            },
          ],
          principal: { appId: provider.appId, tenantId: provider.tenantId },
          headers: readNotificationHeaders({}),
          bodyDigest: undefined,
        } as unknown as ForwardedEntry;

        let written: unknown;
        try {
          written = await store.set(randomUUID(), record, undefined, 60_000);
        } catch (error) {
          written = error;
        }
        const posted = await a.app
          .get(NotificationForwarder)
          .post('a', entry)
          .catch((error: unknown) => error);

        expect(written).toBeInstanceOf(RangeError);
        expect(posted).toBeInstanceOf(RangeError);
        expect(a.fleet()).toMatchObject({
          redisReachable: true,
          leaseHeld: true,
        });
        expect(a.fleet().counters.unsyncedRecords).toBe(0);
      });

      it('an instance started while Redis is down starts degraded, answers 202, and joins the fleet once Redis is up', async () => {
        // Nothing listens on this port yet: the instance must start anyway, not wait for Redis.
        const port = await freePort();
        const keyPrefix = `t-${randomUUID().slice(0, 8)}:`;
        const a = await startFleetInstance(
          provider,
          { redis: `redis://127.0.0.1:${port}`, instanceId: 'a', keyPrefix },
          { platform },
        );
        running.push(a);
        const callId = randomUUID();

        const answered = await sender().deliver(a.webhook, incoming(callId));

        expect(answered.status).toBe(202);
        expect(a.log.of(callId).map((h) => h.change)).toEqual(['call:created']);
        expect(a.fleet()).toMatchObject({
          redisReachable: false,
          leaseHeld: false,
        });
        expect(a.fleet().counters.withoutRedis).toBe(1);
        // Its duplicate check and mark went without Redis: counted.
        expect(a.fleet().counters.duplicateChecksMissed).toBeGreaterThan(0);

        const late = await LocalRedisServer.start({ port });
        try {
          await vi.waitFor(
            () =>
              expect(a.fleet()).toMatchObject({
                redisReachable: true,
                leaseHeld: true,
              }),
            { timeout: 10_000, interval: 50 },
          );
          // It claimed the call it took while alone: another instance hands the next notification to it.
          const b = await startFleetInstance(
            provider,
            { redis: late.url, instanceId: 'b', keyPrefix },
            { platform },
          );
          running.push(b);
          const next = await sender().deliver(
            b.webhook,
            callStateNotification(callId, 'established'),
          );

          expect(next.status).toBe(202);
          expect(a.log.of(callId).map((h) => h.change)).toEqual([
            'call:created',
            'call:updated',
          ]);
          expect(b.log.handled).toEqual([]);
        } finally {
          await Promise.all(running.splice(0).map((i) => i.app.close()));
          await late.stop();
        }
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

/** An object `depth` levels deep (`{ a: { a: ... } }`). */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let level = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    level.a = next;
    level = next;
  }
  return root;
}
