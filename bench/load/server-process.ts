// A benchmarked server as its own process, started and stopped by the harness.
import {
  spawn,
  type ChildProcess,
  type StdioOptions,
} from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { cpuSeconds, peakRssMb } from './process-stats.js';

/** How to start one server: a Node script, its arguments and environment, its port. */
export interface ServerSpec {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  /** The whole environment of the server (nothing of the harness's leaks in). */
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
}

const EXIT_ON_DISCONNECT = pathToFileURL(
  resolve(import.meta.dirname, 'profiling/exit-on-disconnect.js'),
).href;

/** A port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * One running server. Its stdout goes to a pipe that is drained and discarded, as a container
 * runtime collects logs (a pipe, so the sample's console writes are synchronous, as there); its
 * stderr lines are passed on, named.
 */
export class ServerProcess {
  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    private readonly profiled: boolean,
  ) {}

  /** Starts the server (under `node --cpu-prof` into `cpuProfileDir` when given) and waits until it answers HTTP. */
  static async start(
    spec: ServerSpec,
    cpuProfileDir?: string,
  ): Promise<ServerProcess> {
    const profiling = cpuProfileDir
      ? [
          '--cpu-prof',
          '--cpu-prof-dir',
          cpuProfileDir,
          '--import',
          EXIT_ON_DISCONNECT,
        ]
      : [];
    const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
    if (cpuProfileDir) stdio.push('ipc');
    const child: ChildProcess = spawn(
      process.execPath,
      [...profiling, spec.script, ...spec.args],
      { env: spec.env, stdio },
    );
    child.stdout?.resume();
    if (child.stderr)
      createInterface({ input: child.stderr }).on('line', (line) =>
        process.stderr.write(`[${spec.name}] ${line}\n`),
      );
    const server = new ServerProcess(spec, child, cpuProfileDir !== undefined);
    await server.untilListening();
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.spec.port}/api/calls`;
  }

  /** CPU seconds the server has used so far. */
  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** The server's peak resident set so far, in MB. */
  peakRssMb(): number {
    return peakRssMb(this.pid);
  }

  /** Stops the server: SIGTERM (SIGKILL after 10 s), or a normal exit when profiled. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    if (this.profiled) this.child.disconnect();
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private async untilListening(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(
          `${this.spec.name} exited before listening (${this.child.exitCode ?? this.child.signalCode})`,
        );
      try {
        // Any HTTP answer means it listens.
        await fetch(`http://127.0.0.1:${this.spec.port}/`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await this.stop();
    throw new Error(`${this.spec.name} did not listen within 60 s`);
  }
}
