import {
  LocalCallingPlatform,
  type PlacedCall,
} from 'nestjs-calling-webhook/testing';
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

describe.skipIf(!hasRedisServer() && process.env.CI !== 'true')(
  'the sample bot as a fleet of processes',
  () => {
    let redis: LocalRedisServer;
    let platform: LocalCallingPlatform;
    let fleet: SampleFleet | undefined;

    beforeAll(async () => {
      redis = await LocalRedisServer.start();
    });
    beforeEach(async () => {
      platform = await LocalCallingPlatform.start({ timeoutMs: 30_000 });
    });
    afterEach(async () => {
      await fleet?.close();
      fleet = undefined;
      await platform.close();
    });
    afterAll(async () => {
      await redis.stop();
    });

    it(`forward routing: ${CALLS} concurrent calls, every notification handled once, by the instance that answered the call`, async () => {
      fleet = await SampleFleet.start(platform, {
        size: 3,
        redisUrl: redis.url,
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
  },
);
