// A redis-server for the fleet benchmark, and what it counts: the commands clients send (MONITOR;
// INFO commandstats would count the commands a Lua script runs too, which are no round trips).
import { Redis } from 'ioredis';
import { LocalRedisServer } from 'nestjs-calling-webhook/testing';

/** The testing kit's redis-server, with a client of its own to watch it. */
export class BenchRedis {
  private constructor(
    private readonly server: LocalRedisServer,
    private readonly client: Redis,
  ) {}

  static async start(): Promise<BenchRedis> {
    const server = await LocalRedisServer.start();
    return new BenchRedis(server, new Redis(server.url));
  }

  get url(): string {
    return this.server.url;
  }

  /** The commands clients sent while `work` ran, by name (those a script runs inside Redis left out). */
  async commandsDuring(
    work: () => Promise<void>,
  ): Promise<Map<string, number>> {
    // `monitor()` opens a connection of its own.
    const monitor = await this.client.monitor();
    const counts = new Map<string, number>();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua') return;
      const name = args[0].toLowerCase();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    try {
      await work();
    } finally {
      monitor.disconnect();
    }
    return counts;
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    await this.server.stop();
  }
}
