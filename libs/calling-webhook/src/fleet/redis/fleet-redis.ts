import type { Logger } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { describeError } from '../../logging/describe-error.js';
import type { ResolvedFleetOptions } from '../fleet-options.js';
import { defineFleetScripts, type FleetScripts } from './fleet-scripts.js';
import { loadRedisClass } from './load-ioredis.js';
import {
  closeClient,
  connectClient,
  duplicateClient,
  type RedisClient,
} from './redis-client.js';
import { RedisUnavailableError } from './redis-unavailable.error.js';

// How often an unreachable Redis is asked again (a PING, bounded like any command).
const PROBE_INTERVAL_MS = 500;

/**
 * The fleet's connections to Redis, all made (and closed) by the module, so that none of them can
 * hold a request: commands never wait in an offline queue and time out after `commandTimeoutMs`;
 * blocking stream reads have their own connection, and so has pub/sub. A client the user gave is
 * only the template of these connections: it is never used, nor closed.
 *
 * It also knows whether Redis is reachable: a command that fails for any reason but a Redis
 * error reply marks it unreachable, later commands then fail at once (`RedisUnavailableError`)
 * until a PING gets through, and listeners hear when it is back.
 */
export class FleetRedis {
  readonly scripts: FleetScripts;
  private reachable = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly backListeners: (() => void)[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    /** Commands: no offline queue, each bounded. */
    readonly commands: RedisClient,
    /** Blocking stream reads (`XREADGROUP ... BLOCK`). */
    readonly blocking: RedisClient,
    /** Pub/sub. */
    readonly subscriber: RedisClient,
    private readonly logger: Logger,
  ) {
    this.scripts = defineFleetScripts(commands);
    commands.on('ready', () => this.markReachable());
    commands.on('close', () => this.markUnreachable('connection closed'));
    // ioredis reports connection errors as events too; they are handled through the states above.
    for (const client of [commands, blocking, subscriber])
      client.on('error', () => undefined);
  }

  /** Opens the connections; Redis being down at start-up is not an error (the fleet starts degraded). */
  static async open(
    options: ResolvedFleetOptions,
    logger: Logger,
  ): Promise<FleetRedis> {
    const base: Partial<RedisOptions> = {
      connectionName: `calling-webhook:${options.instanceId}`,
      connectTimeout: Math.max(1_000, options.commandTimeoutMs * 4),
      // Reconnect for ever, quickly at first: the fleet is degraded while disconnected.
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    };
    // The user's client (or one made from the URL, never connected) is only a template.
    const source =
      typeof options.redis === 'string'
        ? new (await loadRedisClass())(options.redis, {
            ...base,
            lazyConnect: true,
          })
        : // Checked to be an ioredis client when the options were validated.
          (options.redis as RedisClient);
    const commands = duplicateClient(source, {
      ...base,
      commandTimeout: options.commandTimeoutMs,
    });
    // A blocking read waits longer than any command timeout, by design.
    const blocking = duplicateClient(source, base);
    // Subscriptions are replayed by ioredis when it reconnects.
    const subscriber = duplicateClient(source, {
      ...base,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    if (source !== options.redis) source.disconnect();
    const redis = new FleetRedis(commands, blocking, subscriber, logger);
    await redis.connect(options.leaseMs);
    return redis;
  }

  /** Redis answered the last time it was asked. */
  get isReachable(): boolean {
    return this.reachable;
  }

  /** Resolves once Redis is reachable (at once when it is). */
  whenReachable(): Promise<void> {
    if (this.reachable || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Calls `listener` every time Redis becomes reachable again (after start-up too). */
  onReachable(listener: () => void): void {
    this.backListeners.push(listener);
  }

  /**
   * Runs a command (or a pipeline) on Redis: fails at once with `RedisUnavailableError` while
   * Redis is known unreachable; any failure but an error reply of Redis marks it so.
   */
  async run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T> {
    if (!this.reachable)
      throw new RedisUnavailableError('Redis is unreachable');
    try {
      return await command(this.commands);
    } catch (error) {
      if (isReplyError(error)) throw error;
      this.markUnreachable(describeError(error));
      throw new RedisUnavailableError(describeError(error));
    }
  }

  /** Marks Redis unreachable (a command or a blocking read failed) and starts asking it again. */
  markUnreachable(reason: string): void {
    if (this.closed) return;
    if (this.reachable)
      this.logger.warn(
        `Redis is unreachable (${reason}): notifications are handled locally, degraded, until it answers again`,
      );
    this.reachable = false;
    this.probe ??= setInterval(() => void this.ping(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  /** Closes every connection the fleet made. */
  async close(): Promise<void> {
    this.closed = true;
    this.reachable = false;
    clearInterval(this.probe);
    this.probe = undefined;
    for (const resolve of this.waiters.splice(0)) resolve();
    await Promise.all(
      [this.commands, this.blocking, this.subscriber].map(closeClient),
    );
  }

  private async connect(startupMs: number): Promise<void> {
    const connecting = Promise.all(
      [this.commands, this.blocking, this.subscriber].map(connectClient),
    );
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, Math.min(startupMs, 5_000), false);
    });
    try {
      const connected = await Promise.race([
        connecting.then(() => true),
        gaveUp,
      ]);
      if (connected) {
        this.markReachable();
        return;
      }
    } catch (error) {
      this.markUnreachable(describeError(error));
      return;
    } finally {
      clearTimeout(timer);
    }
    // ioredis goes on connecting in the background; `ready` marks Redis reachable.
    void connecting.catch(() => undefined);
    this.markUnreachable('no connection at start-up');
  }

  private async ping(): Promise<void> {
    if (this.commands.status !== 'ready') return;
    try {
      await this.commands.ping();
      this.markReachable();
    } catch {
      // Still unreachable: asked again at the next interval.
    }
  }

  private markReachable(): void {
    if (this.closed || this.reachable) return;
    this.reachable = true;
    clearInterval(this.probe);
    this.probe = undefined;
    for (const resolve of this.waiters.splice(0)) resolve();
    for (const listener of this.backListeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error(
          `A fleet listener failed when Redis came back: ${describeError(error)}`,
        );
      }
    }
  }
}

// ioredis rejects with a `ReplyError` when Redis itself answered with an error (WRONGTYPE,
// BUSYGROUP, NOSCRIPT ...): Redis is reachable then. Its class is not imported, as ioredis is
// an optional peer loaded only in fleet mode.
function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}
