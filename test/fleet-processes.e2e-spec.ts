import {
  LocalCallingPlatform,
  toneNotification,
  type PlacedCall,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { SampleFleet } from './support/sample-fleet.js';

// The sample bot as a fleet of three processes on a real redis-server, behind a round-robin
// load balancer, driven by the local calling platform: who handles what, and what survives a
// crash (kill -9), a scale-in (SIGTERM) and Redis going away. The built sample is used
// (`npm run build` first; CI does). Without redis-server on the PATH these are skipped locally
// (never under CI=true, where they fail).
const CALLS = 30;
// Short on purpose: a dead instance's calls are taken over once its lease is gone.
const LEASE_MS = 2_000;
const KEEP_ALIVE_MS = 3_000;
// What a loaded machine (two cores shared with other work) may add to any timing.
const SLACK_MS = 1_500;

/** The instances behind the fleet, with short leases and keepAlives, calls up until a key press. */
const timedFleet = (redisUrl: string, adapter: HttpPlatform) => ({
  size: 3,
  redisUrl,
  adapter,
  leaseMs: LEASE_MS,
  env: {
    CALLING_KEEP_ALIVE_INTERVAL_MS: String(KEEP_ALIVE_MS),
    CALLING_HANG_UP_AFTER_MS: '120000',
  },
});

/** The instance that logged each of a call's handled events, and the events. */
function eventsOf(fleet: SampleFleet, callId: string) {
  const lines = fleet.handledOf(callId);
  return {
    instances: new Set(lines.map((line) => line.split(' ')[0])),
    /** How many of its lines are the event (`toneReceived`, `callStateChanged state=established`, ...). */
    count: (event: string) =>
      lines.filter((line) =>
        line.slice(line.indexOf(' ') + 1).startsWith(event),
      ).length,
  };
}

describe
  .skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')
  .each(HTTP_PLATFORMS)(
  'the sample bot as a fleet of processes on %s',
  (adapter: HttpPlatform) => {
    let redis: LocalRedisServer;
    let platform: LocalCallingPlatform;
    let fleet: SampleFleet | undefined;

    // A Redis of its own per test: nothing an earlier test's instances left is taken over.
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

    it(`forward routing: ${CALLS} concurrent calls, every notification handled once, by the instance that answered the call`, async () => {
      fleet = await SampleFleet.start(platform, {
        size: 3,
        redisUrl: redis.url,
        adapter,
      });
      const calls: PlacedCall[] = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          platform.placeCall({
            target: fleet!.webhook,
            // The platform delivers some notifications twice: round robin sends them to two instances.
            deliverTwice: i % 5 === 0 ? ['established'] : [],
          }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));
      await Promise.all(calls.map((call) => call.sendTone()));
      await Promise.all(calls.map((call) => call.terminated()));

      for (const call of calls) {
        // Every notification accepted; none answered by anything but 202 (or the legacy 204).
        expect(
          call.deliveries.flatMap((d) => d.result.hops.map((h) => h.status)),
        ).not.toContainEqual(expect.toSatisfy((s: number) => s >= 300));
        await vi.waitFor(() =>
          expect(eventsOf(fleet!, call.id).count('callTerminated')).toBe(1),
        );
        const events = eventsOf(fleet!, call.id);
        expect(events.instances).toEqual(new Set([fleet.ownerOf(call.id).id]));
        for (const event of [
          'incomingCall',
          'callStateChanged state=established',
          'toneReceived',
          'callTerminated',
        ])
          expect(events.count(event), `${event} of ${call.id}`).toBe(1);
        expect(
          call.graphRequests.filter((r) => r.action === 'delete'),
        ).toHaveLength(1);
      }
      // The load balancer spread the calls: each instance owns some.
      const owners = new Set(calls.map((call) => fleet!.ownerOf(call.id).id));
      expect(owners.size).toBe(3);
    }, 120_000);

    it('Redis stopped mid-traffic: every notification answered without a 5xx and handled where it landed; restarted empty: every instance rejoins and calls go back to their owners', async () => {
      fleet = await SampleFleet.start(platform, {
        size: 3,
        redisUrl: redis.url,
        adapter,
      });
      const calls = await Promise.all(
        Array.from({ length: 6 }, () =>
          platform.placeCall({ target: fleet!.webhook }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));

      await redis.stop();
      // A call placed while Redis is down is answered by whoever gets it, and goes on.
      const during = await platform.placeCall({ target: fleet.webhook });
      await during.established();
      // An instance sees Redis gone at its next command or lease renewal (leaseMs / 3): on a
      // loaded machine that can take more than vi.waitFor's default second.
      for (const id of fleet.instances.keys())
        await vi.waitFor(
          async () =>
            expect(await fleet!.fleetHealth(id)).toMatchObject({
              status: 'degraded',
              redis: 'unreachable',
            }),
          { timeout: 15_000, interval: 100 },
        );

      redis = await redis.restart();
      for (const id of fleet.instances.keys())
        await vi.waitFor(
          async () =>
            expect(await fleet!.fleetHealth(id)).toMatchObject({
              status: 'up',
              lease: 'held',
            }),
          { timeout: 15_000, interval: 100 },
        );
      // Every key was lost: the owners claimed their calls again, and handle them.
      await Promise.all(calls.map((call) => call.sendTone()));
      await Promise.all(calls.map((call) => call.terminated()));
      for (const call of [...calls, during])
        expect(
          call.deliveries.flatMap((d) => d.result.hops.map((h) => h.status)),
        ).not.toContainEqual(expect.toSatisfy((s: number) => s >= 500));
      for (const call of calls) {
        const owner = fleet.ownerOf(call.id).id;
        await vi.waitFor(
          () =>
            expect(eventsOf(fleet!, call.id).count('callTerminated')).toBe(1),
          { timeout: 5_000 },
        );
        expect(eventsOf(fleet, call.id).instances).toEqual(new Set([owner]));
        expect(eventsOf(fleet, call.id).count('toneReceived')).toBe(1);
      }
    }, 120_000);

    it("redirect routing: calls get their owner's own URL as callbackUri, and a stray sent to the load balancer is redirected there", async () => {
      fleet = await SampleFleet.start(platform, {
        size: 3,
        redisUrl: redis.url,
        routing: 'redirect',
        adapter,
      });
      const calls = await Promise.all(
        Array.from({ length: 9 }, () =>
          platform.placeCall({ target: fleet!.webhook }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));
      for (const call of calls)
        expect(call.callbackUri).toBe(
          `${fleet.ownerOf(call.id).url}/api/calls`,
        );
      // A notification the platform sends to the registered webhook (the load balancer) instead.
      const strays = await Promise.all(
        calls.map((call) =>
          platform
            .sender()
            .deliver(fleet!.webhook, toneNotification(call.id, 'tone5')),
        ),
      );
      await Promise.all(calls.map((call) => call.terminated()));
      for (const [i, call] of calls.entries()) {
        const owner = fleet.ownerOf(call.id);
        // Landed on its owner through the balancer (202), or elsewhere and redirected there.
        const expected =
          strays[i].hops[0].status === 307
            ? [
                { status: 307, location: `${owner.url}/api/calls` },
                { status: 202, url: `${owner.url}/api/calls` },
              ]
            : [{ status: 202, url: fleet.webhook }];
        expect(strays[i].hops).toMatchObject(expected);
        // The bots write their log lines once per turn of their event loop: they may come after the answer.
        await vi.waitFor(() =>
          expect(eventsOf(fleet!, call.id).count('toneReceived')).toBe(1),
        );
        expect(eventsOf(fleet, call.id).instances).toEqual(new Set([owner.id]));
      }
      // Some strays landed on another instance than the owner, and were redirected.
      expect(strays.some((s) => s.hops[0].status === 307)).toBe(true);
    }, 120_000);

    it('kill -9 of an owner mid-call: its calls go on elsewhere, kept alive again within lease + interval, and the next key press hangs up exactly once', async () => {
      fleet = await SampleFleet.start(platform, timedFleet(redis.url, adapter));
      const calls = await Promise.all(
        Array.from({ length: 9 }, () =>
          platform.placeCall({
            target: fleet!.webhook,
            // Without keepAlives the platform ends the call (408/8537), as Graph does after 45 minutes.
            keepAliveTimeoutMs: LEASE_MS + 2 * KEEP_ALIVE_MS + SLACK_MS,
          }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));
      const victim = fleet.ownerOf(calls[0].id).id;
      const orphans = calls.filter((c) => fleet!.ownerOf(c.id).id === victim);

      await fleet.kill(victim);
      const killedAt = Date.now();
      for (const call of orphans)
        await vi.waitFor(
          () => expect(call.keepAlives.some((at) => at > killedAt)).toBe(true),
          { timeout: 30_000, interval: 50 },
        );
      for (const call of orphans) {
        const resumed = call.keepAlives.find((at) => at > killedAt) as number;
        expect(resumed - killedAt).toBeLessThanOrEqual(
          LEASE_MS + KEEP_ALIVE_MS + SLACK_MS,
        );
      }
      await Promise.all(calls.map((call) => call.sendTone()));
      await Promise.all(calls.map((call) => call.terminated()));

      for (const call of calls) {
        expect(call.hungUpBy).toBe('bot');
        expect(
          call.graphRequests.filter((r) => r.action === 'delete'),
        ).toHaveLength(1);
        await vi.waitFor(() =>
          expect(eventsOf(fleet!, call.id).count('callTerminated')).toBe(1),
        );
        expect(eventsOf(fleet!, call.id).count('toneReceived')).toBe(1);
      }
      for (const call of orphans) {
        const handledTone = fleet
          .handledOf(call.id)
          .find((line) => line.includes(' toneReceived'));
        expect(handledTone?.startsWith(victim)).toBe(false);
      }
    }, 120_000);

    it('SIGTERM: an instance that stops finishes, hands its calls over at once, and they are kept alive without a gap', async () => {
      fleet = await SampleFleet.start(platform, timedFleet(redis.url, adapter));
      const calls = await Promise.all(
        Array.from({ length: 9 }, () =>
          platform.placeCall({ target: fleet!.webhook }),
        ),
      );
      await Promise.all(calls.map((call) => call.established()));
      // Each call in its keepAlive cadence before the instance stops.
      for (const call of calls)
        await vi.waitFor(
          () => expect(call.keepAlives.length).toBeGreaterThan(0),
          {
            timeout: 15_000,
            interval: 50,
          },
        );
      const leaving = fleet.ownerOf(calls[0].id).id;
      const handedOver = calls.filter(
        (c) => fleet!.ownerOf(c.id).id === leaving,
      );

      const stoppedAt = Date.now();
      await fleet.stop(leaving);
      // It left on its own (Nest's shutdown hooks), before the stop's grace ran out.
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      for (const call of handedOver)
        await vi.waitFor(
          () => expect(call.keepAlives.some((at) => at > stoppedAt)).toBe(true),
          { timeout: 15_000, interval: 50 },
        );
      // Two keepAlives of each call from the new owner, to see the cadence go on.
      for (const call of handedOver)
        await vi.waitFor(
          () =>
            expect(
              call.keepAlives.filter((at) => at > stoppedAt).length,
            ).toBeGreaterThanOrEqual(2),
          { timeout: 30_000, interval: 50 },
        );
      for (const call of handedOver) {
        const times = call.keepAlives;
        const gaps = times.slice(1).map((at, i) => at - times[i]);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(KEEP_ALIVE_MS + SLACK_MS);
        // Taken over at once: told of the departure, nobody waited for a lease to run out.
        const takeover = fleet.lines.find(
          (l) => l.callId === call.id && l.message.startsWith('Took over call'),
        );
        expect(takeover?.instance).not.toBe(leaving);
        expect((takeover?.at ?? Infinity) - stoppedAt).toBeLessThan(LEASE_MS);
      }
      await Promise.all(calls.map((call) => call.sendTone()));
      await Promise.all(calls.map((call) => call.terminated()));
      for (const call of calls)
        expect(
          call.graphRequests.filter((r) => r.action === 'delete'),
        ).toHaveLength(1);
    }, 120_000);
  },
);
