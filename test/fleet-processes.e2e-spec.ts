import {
  LocalCallingPlatform,
  toneNotification,
  type PlacedCall,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { hasRedisServer, LocalRedisServer } from './support/redis-server.js';
import { SampleFleet } from './support/sample-fleet.js';

// The sample bot as a fleet of three processes on a real redis-server, behind a round-robin
// load balancer, driven by the local calling platform: who handles what, and what survives a
// crash (kill -9), a scale-in (SIGTERM) and Redis going away. The built sample is used
// (`npm run build` first; CI does). Without redis-server on the PATH these are skipped locally
// (never under CI=true, where they fail).
const CALLS = 30;

/** The instance that logged each of a call's handled events, and the events. */
function eventsOf(fleet: SampleFleet, callId: string) {
  const lines = fleet.handledOf(callId);
  return {
    instances: new Set(lines.map((line) => line.split(' ')[0])),
    count: (event: string) =>
      lines.filter((line) => line.split(' ')[1] === event).length,
  };
}

describe
  .skipIf(!hasRedisServer() && process.env.CI !== 'true')
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
          'callEstablished',
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
      for (const id of fleet.instances.keys())
        await vi.waitFor(async () =>
          expect(await fleet!.fleetHealth(id)).toMatchObject({
            status: 'degraded',
            redis: 'unreachable',
          }),
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
        await vi.waitFor(() =>
          expect(fleet!.handledOf(call.id)).toContain(
            `${owner} callTerminated`,
          ),
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
        expect(eventsOf(fleet, call.id).instances).toEqual(new Set([owner.id]));
        expect(eventsOf(fleet, call.id).count('toneReceived')).toBe(1);
      }
      // Some strays landed on another instance than the owner, and were redirected.
      expect(strays.some((s) => s.hops[0].status === 307)).toBe(true);
    }, 120_000);
  },
);
