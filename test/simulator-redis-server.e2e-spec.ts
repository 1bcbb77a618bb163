import { Redis } from 'ioredis';
import { LocalRedisServer } from 'nestjs-calling-webhook/testing';

// The testing kit's redis-server, which the fleet tests, the fleet bench and `demo:fleet` stand
// on: a real server, frozen by pause(), emptied by restart(), gone after stop().
describe.skipIf(!LocalRedisServer.isAvailable() && process.env.CI !== 'true')(
  'LocalRedisServer (the testing kit)',
  () => {
    let server: LocalRedisServer | undefined;
    const clients: Redis[] = [];

    function client(url: string): Redis {
      // No retries: a stopped server must fail the command, not keep it waiting.
      const redis = new Redis(url, {
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        commandTimeout: 500,
      });
      redis.on('error', () => undefined);
      clients.push(redis);
      return redis;
    }

    afterEach(async () => {
      for (const redis of clients.splice(0)) redis.disconnect();
      await server?.stop();
      server = undefined;
    });

    it('serves on 127.0.0.1 at its url, and restart() keeps the port and loses every key', async () => {
      server = await LocalRedisServer.start();
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      await client(server.url).set('call', 'owned');

      server = await server.restart();

      const after = client(server.url);
      expect(await after.ping()).toBe('PONG');
      expect(await after.get('call')).toBeNull();
    });

    it('answers nothing while paused and everything once resumed', async () => {
      server = await LocalRedisServer.start();
      const redis = client(server.url);
      expect(await redis.ping()).toBe('PONG');

      server.pause();
      await expect(redis.ping()).rejects.toThrow(/timed out/i);
      server.resume();

      const fresh = client(server.url);
      expect(await fresh.ping()).toBe('PONG');
    });

    it('stop() ends the server, paused or not, and its port refuses connections', async () => {
      server = await LocalRedisServer.start();
      const url = server.url;
      server.pause();
      await server.stop();
      server = undefined;

      await expect(client(url).ping()).rejects.toThrow();
    });

    it('says why when it cannot start (the port is taken)', async () => {
      server = await LocalRedisServer.start();
      await expect(
        LocalRedisServer.start({ port: server.port }),
      ).rejects.toThrow(
        /exited .* before it was ready:[\s\S]*address already in use/i,
      );
    });
  },
);
