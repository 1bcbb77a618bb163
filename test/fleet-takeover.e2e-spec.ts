import { Redis } from 'ioredis';
import {
  LocalCallingPlatform,
  LocalRedisServer,
  toneNotification,
  type PlacedCall,
} from 'nestjs-calling-webhook/testing';
import { callKeyOf } from '../libs/calling-webhook/src/protocol/call-id.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { SampleFleet, type SampleInstance } from './support/sample-fleet.js';

// What an instance leaves unfinished when it dies (kill -9) or stops (SIGTERM), and what the
// instance that takes its calls over finds: the sample bot as a fleet of three processes on a
// real redis-server, driven by the local calling platform. A key press makes the sample hang
// up; Graph holding that DELETE back makes its handler slow. The built sample is used (`npm run
// build` first; CI does). Without redis-server on the PATH these are skipped locally (never
// under CI=true, where they fail).
const LEASE_MS = 2_000;
const KEEP_ALIVE_MS = 3_000;
// Generous: two cores shared with other work delay everything, never speed it up.
const WAIT = { timeout: 30_000, interval: 50 };

/** Lines of `event` (`toneReceived`, `hung up`, ...) logged about a call, as `{instance} {message}`. */
function linesOf(fleet: SampleFleet, callId: string, event: string): string[] {
  return fleet
    .handledOf(callId)
    .filter((line) => line.slice(line.indexOf(' ') + 1).startsWith(event));
}

const instanceOf = (line: string | undefined) => line?.split(' ')[0];

describe
  .skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')
  .each(HTTP_PLATFORMS)(
  'a fleet taking over unfinished work on %s',
  (adapter: HttpPlatform) => {
    let redis: LocalRedisServer;
    let platform: LocalCallingPlatform;
    let fleet: SampleFleet | undefined;

    beforeEach(async () => {
      redis = await LocalRedisServer.start();
      platform = await LocalCallingPlatform.start({ timeoutMs: 30_000 });
    });
    afterEach(async () => {
      await fleet?.close();
      fleet = undefined;
      await platform.close();
      await redis.stop();
    });

    async function startFleet(env: Record<string, string> = {}) {
      fleet = await SampleFleet.start(platform, {
        size: 3,
        redisUrl: redis.url,
        adapter,
        leaseMs: LEASE_MS,
        env: { CALLING_HANG_UP_AFTER_MS: '120000', ...env },
      });
      return fleet;
    }

    /**
     * Resolves once the sample's `@OnCallEstablished` made its Graph request (it subscribes to
     * tones): from then on the next Graph request is the one a test holds back.
     */
    function subscribed(call: PlacedCall) {
      return vi.waitFor(
        () =>
          expect(
            call.graphRequests.some((r) => r.action === 'subscribeToTone'),
          ).toBe(true),
        WAIT,
      );
    }

    /** An established call, its owner and another instance. */
    async function establishedCall(
      fleet: SampleFleet,
      keepAliveTimeoutMs?: number,
    ) {
      const call = await platform.placeCall({
        target: fleet.webhook,
        keepAliveTimeoutMs,
      });
      await call.established();
      await subscribed(call);
      const owner = fleet.ownerOf(call.id);
      const other = [...fleet.instances.values()].find(
        (i) => i.id !== owner.id,
      ) as SampleInstance;
      return { call, owner, other };
    }

    /** A key press the platform sends to `instance`, which hands it to the call's owner. */
    function toneVia(
      instance: SampleInstance,
      call: PlacedCall,
      tone = 'tone1',
    ) {
      return platform
        .sender()
        .deliver(`${instance.url}/api/calls`, toneNotification(call.id, tone));
    }

    it('kill -9 of an owner while a notification handed to it is in its handler: once its lease is gone, the taker runs it once, and the call ends as the handler meant', async () => {
      const fleet = await startFleet();
      const { call, owner, other } = await establishedCall(fleet);
      // The owner's hang-up hangs: Graph answers its DELETE only after the owner is dead.
      platform.graph.failNext(1, { delayMs: 30_000 });

      const delivery = toneVia(other, call);
      await vi.waitFor(
        () => expect(linesOf(fleet, call.id, 'toneReceived')).toHaveLength(1),
        WAIT,
      );
      await fleet.kill(owner.id);

      // Acknowledged by the fleet: the platform will not send it again, so it must not be lost.
      expect((await delivery).status).toBe(202);
      await call.terminated();
      // The bots' log lines come through pipes: they may reach the test after the platform saw
      // the hang-up (the hung-up line is written once Graph answered the DELETE).
      await vi.waitFor(() => {
        expect(linesOf(fleet, call.id, 'toneReceived')).toHaveLength(2);
        expect(linesOf(fleet, call.id, 'hung up (tone tone1)')).toHaveLength(1);
      }, WAIT);
      const tones = linesOf(fleet, call.id, 'toneReceived');
      expect(instanceOf(tones[0])).toBe(owner.id);
      const taker = instanceOf(tones[1]);
      expect(taker).not.toBe(owner.id);
      expect(
        instanceOf(linesOf(fleet, call.id, 'hung up (tone tone1)')[0]),
      ).toBe(taker);
      expect(call.hungUpBy).toBe('bot');
      expect(
        call.graphRequests.filter(
          (r) => r.action === 'delete' && r.status === 204,
        ),
      ).toHaveLength(1);
      await vi.waitFor(
        () => expect(linesOf(fleet, call.id, 'callTerminated')).toHaveLength(1),
        WAIT,
      );
    }, 120_000);

    it("kill -9 of an owner with a notification it did not finish: a newer one that makes another instance take the call over runs after it, in the call's order", async () => {
      const fleet = await startFleet();
      const { call, owner, other } = await establishedCall(fleet);
      platform.graph.failNext(1, { delayMs: 30_000 });
      const first = toneVia(other, call, 'tone1');
      await vi.waitFor(
        () => expect(linesOf(fleet, call.id, 'toneReceived')).toHaveLength(1),
        WAIT,
      );
      await fleet.kill(owner.id);
      expect((await first).status).toBe(202);

      // The next key press as soon as the lease is gone, before a sweep (about a lease apart)
      // finds the dead instance: it is what makes `other` take the call over.
      const client = new Redis(redis.url);
      try {
        await vi.waitFor(
          async () =>
            expect(
              await client.exists(
                `calling-webhook:{instance:${owner.id}}:lease`,
              ),
            ).toBe(0),
          { timeout: 30_000, interval: 5 },
        );
      } finally {
        client.disconnect();
      }
      expect((await toneVia(other, call, 'tone2')).status).toBe(202);

      await call.terminated();
      await vi.waitFor(
        () =>
          expect(
            linesOf(fleet, call.id, 'toneReceived')
              .filter((line) => instanceOf(line) !== owner.id)
              .map((line) => line.slice(line.indexOf(' ') + 1)),
          ).toEqual(['toneReceived tone=tone1', 'toneReceived tone=tone2']),
        WAIT,
      );
      await vi.waitFor(
        () =>
          expect(linesOf(fleet, call.id, 'hung up (tone tone1)')).toHaveLength(
            1,
          ),
        WAIT,
      );
    }, 120_000);

    it('kill -9 of an owner whose call lost its state in Redis: the taker asks Graph for the call and keeps it alive', async () => {
      const fleet = await startFleet({
        CALLING_KEEP_ALIVE_INTERVAL_MS: String(KEEP_ALIVE_MS),
      });
      // Without keepAlives the platform ends the call, as Graph does after 45 minutes.
      const { call, owner } = await establishedCall(
        fleet,
        LEASE_MS + 3 * KEEP_ALIVE_MS,
      );
      const client = new Redis(redis.url);
      try {
        expect(
          await client.del(
            `calling-webhook:{call:${callKeyOf(call.id)}}:state`,
          ),
        ).toBe(1);
      } finally {
        client.disconnect();
      }

      await fleet.kill(owner.id);
      const killedAt = Date.now();
      await vi.waitFor(
        () =>
          expect(
            call.keepAlives.filter((at) => at > killedAt).length,
          ).toBeGreaterThanOrEqual(2),
        WAIT,
      );

      expect(
        call.graphRequests.filter(
          (r) =>
            r.method === 'GET' &&
            r.path === `/communications/calls/${call.id}` &&
            r.receivedAt > killedAt,
        ),
      ).toMatchObject([{ status: 200 }]);
      expect(call.state).toBe('established');
      // Its state made from Graph's answer: the call is the app's, its flow goes on.
      await call.sendTone();
      await call.terminated();
      expect(call.hungUpBy).toBe('bot');
    }, 120_000);

    it('SIGTERM while a notification handed to the owner is in its handler: handled once there and answered 202, then its calls are handed over', async () => {
      const fleet = await startFleet();
      const calls = await Promise.all(
        Array.from({ length: 9 }, () =>
          platform.placeCall({ target: fleet.webhook }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));
      await Promise.all(calls.map(subscribed));
      // Nine calls on three instances: one owns at least three.
      const ownedBy = (id: string) =>
        calls.filter((call) => fleet.ownerOf(call.id).id === id);
      const leaving = [...fleet.instances.keys()].sort(
        (a, b) => ownedBy(b).length - ownedBy(a).length,
      )[0];
      const [slow, ...quiet] = ownedBy(leaving);
      const other = [...fleet.instances.values()].find(
        (i) => i.id !== leaving,
      ) as SampleInstance;
      // Slow, but within what a stopping instance gives the handlers it started.
      platform.graph.failNext(1, { delayMs: 2_000 });

      const delivery = toneVia(other, slow);
      await vi.waitFor(
        () => expect(linesOf(fleet, slow.id, 'toneReceived')).toHaveLength(1),
        WAIT,
      );
      await fleet.stop(leaving);

      expect((await delivery).status).toBe(202);
      await slow.terminated();
      expect(linesOf(fleet, slow.id, 'toneReceived')).toHaveLength(1);
      expect(
        linesOf(fleet, slow.id, 'hung up (tone tone1)').map(instanceOf),
      ).toEqual([leaving]);
      expect(
        slow.graphRequests.filter((r) => r.action === 'delete'),
      ).toMatchObject([{ status: 204 }]);
      for (const call of quiet)
        await vi.waitFor(() => {
          const takeover = fleet.lines.find(
            (l) =>
              l.callId === call.id && l.message.startsWith('Took over call'),
          );
          expect(takeover?.instance).toBeDefined();
          expect(takeover?.instance).not.toBe(leaving);
        }, WAIT);
      await Promise.all(quiet.map((call) => call.sendTone()));
      await Promise.all(quiet.map((call) => call.terminated()));
      for (const call of quiet) {
        expect(call.hungUpBy).toBe('bot');
        await vi.waitFor(
          () => expect(linesOf(fleet, call.id, 'toneReceived')).toHaveLength(1),
          WAIT,
        );
      }
    }, 120_000);
  },
);
