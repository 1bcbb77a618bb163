import { randomUUID } from 'node:crypto';
import { CallControl } from 'nestjs-calling-webhook';
import {
  LocalCallingPlatform,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import { startFleetInstance, type FleetInstance } from './support/fleet-kit.js';

// Calls the app of one fleet instance places, on a real redis-server and the local calling
// platform, with instances as Nest apps in this process. Without redis-server on the PATH these
// are skipped locally (never under CI=true, where they fail).
const WAIT = { timeout: 15_000, interval: 50 };

describe.skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')(
  'calls placed by an instance of a fleet',
  () => {
    let redis: LocalRedisServer;
    let platform: LocalCallingPlatform;
    const running: FleetInstance[] = [];

    beforeAll(async () => {
      redis = await LocalRedisServer.start();
      platform = await LocalCallingPlatform.start();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((i) => i.app.close()));
    });
    afterAll(async () => {
      await platform.close();
      await redis.stop();
    });

    async function fleet(keepAlive: false | { intervalMs: number }) {
      const keyPrefix = `t-${randomUUID().slice(0, 8)}:`;
      const instances = await Promise.all(
        ['a', 'b'].map((instanceId) =>
          startFleetInstance(
            platform.openId,
            { redis: redis.url, instanceId, keyPrefix },
            { webhook: { ...platform.webhookOptions(), keepAlive } },
          ),
        ),
      );
      running.push(...instances);
      return instances;
    }

    // keepAlive off: nothing but the placing itself makes the placer the call's owner.
    it.each([
      ['keepAlive on', { intervalMs: 60_000 }],
      ['keepAlive off', false],
    ] as const)(
      '%s: the placer owns the call although the platform sends its notifications to another instance; its handlers and awaited operations run there',
      async (_name, keepAlive) => {
        const [a, b] = await fleet(keepAlive);
        const next = platform.nextOutboundCall();

        const created = await a.app.get(CallControl).create({
          tenantId: platform.tenantId,
          targets: [{ identity: { user: { id: randomUUID() } } }],
          // What a load balancer does to a placed call's notifications: they land elsewhere.
          callbackUri: b.webhook,
        });

        // Owned before `create()` returned: the first notification may already be on its way.
        expect(a.fleet().ownedCalls).toBe(1);
        const call = await next;
        await call.established();
        await vi.waitFor(
          () =>
            expect(a.log.of(created.callId).map((h) => h.change)).toEqual([
              'call:updated',
              'call:updated',
              'participants:updated',
            ]),
          WAIT,
        );
        const prompt = await a.app.get(CallControl).playPrompt(created, {
          prompts: [{ mediaInfo: { uri: 'https://example.com/hello.wav' } }],
        });
        await expect(
          prompt.completed({ timeoutMs: 10_000 }),
        ).resolves.toMatchObject({ status: 'completed' });

        expect(b.log.handled).toEqual([]);
        expect(b.fleet().ownedCalls).toBe(0);
        // establishing, established, the roster and the prompt's completion: all handed to the owner.
        await vi.waitFor(
          () => expect(b.fleet().counters.forwarded).toBe(4),
          WAIT,
        );
        await call.hangUp();
      },
      60_000,
    );
  },
);
