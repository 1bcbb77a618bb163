import { join } from 'node:path';
import {
  BotProcess,
  LocalLoadBalancer,
  type LocalCallingPlatform,
} from 'nestjs-calling-webhook/testing';
import { freePort } from './free-port.js';

// The built sample bot (`npm run build` first; CI does), run as a user runs it.
const ROOT = join(import.meta.dirname, '../..');
const SAMPLE_BOT = `"${process.execPath}" "${join(ROOT, 'dist/main.js')}"`;

/** A line a sample instance logged (`LOG_FORMAT=json`). */
export interface SampleLogLine {
  readonly instance: string;
  /** When the test read it (epoch milliseconds). */
  readonly at: number;
  readonly level: string;
  readonly message: string;
  readonly callId?: string;
}

/** One sample bot of the fleet: its process, its own URL. */
export interface SampleInstance {
  readonly id: string;
  readonly bot: BotProcess;
  /** `http://127.0.0.1:{port}`. */
  readonly url: string;
}

/** How the fleet runs. */
export interface SampleFleetOptions {
  readonly size: number;
  readonly redisUrl: string;
  readonly routing?: 'forward' | 'redirect';
  readonly leaseMs?: number;
  /** The sample's HTTP platform (`CALLING_HTTP_ADAPTER`). @default 'express' */
  readonly adapter?: 'express' | 'fastify';
  /** Added to every instance's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Sample bots as separate processes in fleet mode on one Redis, behind a round-robin load
 * balancer (the fleet's one URL). Every line they log is kept (JSON), naming its instance.
 */
export class SampleFleet {
  readonly instances = new Map<string, SampleInstance>();
  readonly lines: SampleLogLine[] = [];

  private constructor(
    private readonly platform: LocalCallingPlatform,
    readonly balancer: LocalLoadBalancer,
    private readonly options: SampleFleetOptions,
  ) {}

  static async start(
    platform: LocalCallingPlatform,
    options: SampleFleetOptions,
  ): Promise<SampleFleet> {
    const balancer = await LocalLoadBalancer.start({ upstreams: [] });
    const fleet = new SampleFleet(platform, balancer, options);
    try {
      await Promise.all(
        Array.from({ length: options.size }, (_, i) =>
          fleet.add(`bot-${i + 1}`),
        ),
      );
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  /** The fleet's webhook behind the load balancer: where the platform sends calls. */
  get webhook(): string {
    return `${this.balancer.url}/api/calls`;
  }

  /** Starts an instance and puts it behind the load balancer. */
  async add(id: string): Promise<SampleInstance> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const bot = await BotProcess.start({
      command: SAMPLE_BOT,
      cwd: ROOT,
      env: {
        ...(await this.platform.environment()),
        PORT: String(port),
        LOG_FORMAT: 'json',
        NO_COLOR: '1',
        CALLING_PUBLIC_URL: this.balancer.url,
        CALLING_REDIS_URL: this.options.redisUrl,
        CALLING_INSTANCE_ID: id,
        CALLING_INSTANCE_URL: url,
        CALLING_FLEET_ROUTING: this.options.routing ?? 'forward',
        CALLING_FLEET_LEASE_MS: String(this.options.leaseMs ?? 2_000),
        CALLING_HTTP_ADAPTER: this.options.adapter ?? 'express',
        ...this.options.env,
      },
      readyUrl: `${url}/api/calls`,
      onLine: (line) => this.keep(id, line),
    });
    const instance = { id, bot, url };
    this.instances.set(id, instance);
    this.balancer.setUpstreams([...this.instances.values()].map((i) => i.url));
    return instance;
  }

  /** The instance that answered a call (it logged its incoming call). */
  ownerOf(callId: string): SampleInstance {
    const line = this.lines.find(
      (l) => l.callId === callId && l.message.startsWith('incomingCall'),
    );
    const owner = line && this.instances.get(line.instance);
    if (!owner)
      throw new Error(`no instance logged the incoming call ${callId}`);
    return owner;
  }

  /** What each instance logged about a call, as `{instance} {message}`. */
  handledOf(callId: string): string[] {
    return this.lines
      .filter((l) => l.callId === callId && l.level === 'log')
      .map((l) => `${l.instance} ${l.message}`);
  }

  /** The fleet part of an instance's `GET /health` (status, Redis, lease, counters). */
  async fleetHealth(id: string): Promise<Record<string, unknown>> {
    const instance = this.instances.get(id);
    if (!instance) throw new Error(`no instance ${id}`);
    const response = await fetch(`${instance.url}/health`);
    const body = (await response.json()) as {
      details?: Record<string, { fleet?: Record<string, unknown> }>;
    };
    return body.details?.['calling-webhook']?.fleet ?? {};
  }

  /** Kills an instance (SIGKILL) as a crash does; the load balancer still sends to it (and on to the next). */
  async kill(id: string): Promise<void> {
    await this.instances.get(id)?.bot.kill();
  }

  /** Stops an instance (SIGTERM), as a scale-in or a redeploy does, and takes it out of the balancer. */
  async stop(id: string): Promise<number | null> {
    const instance = this.instances.get(id);
    if (!instance) return null;
    this.instances.delete(id);
    this.balancer.setUpstreams([...this.instances.values()].map((i) => i.url));
    return instance.bot.stop(15_000);
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.instances.values()].map((instance) => instance.bot.stop()),
    );
    await this.balancer.close();
  }

  private keep(instance: string, line: string): void {
    try {
      const parsed = JSON.parse(line) as Omit<SampleLogLine, 'instance'>;
      this.lines.push({ ...parsed, instance, at: Date.now() });
    } catch {
      this.lines.push({
        instance,
        at: Date.now(),
        level: 'raw',
        message: line,
      });
    }
  }
}
