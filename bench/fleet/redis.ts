// A redis-server for the fleet benchmark, and what it counts: the commands clients send (MONITOR;
// INFO commandstats would count the commands a Lua script runs too, which are no round trips).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort } from '../load/server-process.js';

/** A throwaway redis-server on 127.0.0.1 without persistence. */
export class BenchRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly client: Redis,
  ) {}

  static async start(): Promise<BenchRedis> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((ready, fail) => {
      child.once('error', fail);
      child.once('exit', (code) =>
        fail(new Error(`redis-server exited (${code})`)),
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) ready();
      });
    });
    return new BenchRedis(child, port, new Redis(port, '127.0.0.1'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
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
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
