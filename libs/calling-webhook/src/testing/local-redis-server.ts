import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** What `LocalRedisServer.start()` takes. */
export interface LocalRedisServerOptions {
  /** A fixed port on 127.0.0.1. @default a free port */
  readonly port?: number;
}

const READY_LINE = 'Ready to accept connections';
// What a failed start shows of the server's own output (its reason is in the last lines).
const KEPT_OUTPUT_CHARS = 2000;

/**
 * A real `redis-server` on 127.0.0.1 for fleet tests and demos (the binary from the PATH, e.g.
 * `apt-get install redis-server`): a port of its own, no persistence, so that a restart loses
 * every key as a crash does. `pause()` freezes it (connections stay open, nothing answers), the
 * fault a fleet must ride out.
 */
export class LocalRedisServer {
  private readonly exited: Promise<unknown>;

  private constructor(
    private readonly child: ChildProcess,
    /** The port it listens on, on 127.0.0.1. */
    readonly port: number,
  ) {
    this.exited = once(child, 'exit');
  }

  /** Whether `redis-server` runs from the PATH (a test can skip itself without one). */
  static isAvailable(): boolean {
    return spawnSync('redis-server', ['--version']).status === 0;
  }

  /** Starts a server and resolves once it accepts connections. */
  static async start(
    options: LocalRedisServerOptions = {},
  ): Promise<LocalRedisServer> {
    const port = options.port ?? (await freePort());
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
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await untilReady(child);
    return new LocalRedisServer(child, port);
  }

  /** `redis://127.0.0.1:{port}`, for ioredis or the module's `fleet.redis`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  /** Lets a paused server answer again (SIGCONT). */
  resume(): void {
    this.child.kill('SIGCONT');
  }

  /** Stops the server and starts an empty one on the same port, as after a crash. */
  async restart(): Promise<LocalRedisServer> {
    await this.stop();
    return LocalRedisServer.start({ port: this.port });
  }

  /** Stops the server (a paused one too) and resolves once its process has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGCONT');
      this.child.kill('SIGTERM');
    }
    await this.exited;
  }
}

/** Resolves on the ready line; rejects with the server's last output if it exits first. */
function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const keep = (chunk: Buffer): void => {
      if (ready) return; // still read, so that a full pipe never blocks the server
      output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
      if (output.includes(READY_LINE)) {
        ready = true;
        resolve();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'redis-server is not on the PATH (e.g. apt-get install redis-server)'
            : `redis-server did not start: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code, signal) => {
      if (!ready)
        reject(
          new Error(
            `redis-server exited (${signal ?? code}) before it was ready:\n${output.trim()}`,
          ),
        );
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}
