import type { Logger } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { describeError } from '../../logging/describe-error.js';
import { FleetKeys } from '../fleet-keys.js';
import type { ResolvedFleetOptions } from '../fleet-options.js';
import { defineFleetScripts, type FleetScripts } from './fleet-scripts.js';
import { loadRedisClass } from './load-ioredis.js';
import {
  closeClient,
  connectClient,
  duplicateClient,
  type RedisClient,
} from './redis-client.js';
import { isRefusal, isReplyError, replyCode } from './redis-reply-error.js';
import { RedisUnavailableError } from './redis-unavailable.error.js';

// How often an unavailable Redis is asked again (a write, bounded like any command).
const PROBE_INTERVAL_MS = 500;

/**
 * The fleet's connections to Redis, all made (and closed) by the module, so that none of them can
 * hold a request: commands never wait in an offline queue and time out after `commandTimeoutMs`;
 * blocking stream reads have their own connection, and so has pub/sub. A client the user gave is
 * only the template of these connections: it is never used, nor closed.
 *
 * It also knows whether Redis is available: a command that fails for any reason but an error
 * reply of Redis, or that Redis refuses as a whole (out of memory, read-only replica ...: see
 * `isRefusal`), marks it unavailable; later commands then fail at once (`RedisUnavailableError`)
 * until a probe write gets through (a PING would, even when every write is refused), and
 * listeners hear when it is back. Other error replies (WRONGTYPE, BUSYGROUP ...) are the
 * caller's to handle.
 */
export class FleetRedis {
  readonly scripts: FleetScripts;
  private reachable = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly backListeners: (() => void)[] = [];
  private waiters: (() => void)[] = [];
  /** Codes of error replies met on the notification path, each logged once. */
  private readonly unexpectedReplies = new Set<string>();

  private constructor(
    /** Commands: no offline queue, each bounded. */
    readonly commands: RedisClient,
    /** Blocking stream reads (`XREADGROUP ... BLOCK`). */
    readonly blocking: RedisClient,
    /** Pub/sub. */
    readonly subscriber: RedisClient,
    private readonly logger: Logger,
    /** The key the probe writes: this instance's, short-lived. */
    private readonly probeKey: string,
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
    const redis = new FleetRedis(
      commands,
      blocking,
      subscriber,
      logger,
      new FleetKeys(options.keyPrefix).probe(options.instanceId),
    );
    await redis.connect(options.leaseMs);
    return redis;
  }

  /** Redis answered (and took writes) the last time it was asked. */
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
   * Redis is known unavailable; any failure but an error reply of Redis, and a refusal, marks
   * it so. Other error replies are passed on as they are.
   */
  async run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T> {
    if (!this.reachable)
      throw new RedisUnavailableError('Redis is unreachable');
    try {
      return await command(this.commands);
    } catch (error) {
      if (isReplyError(error) && !isRefusal(error)) throw error;
      this.markUnreachable(describeError(error));
      throw new RedisUnavailableError(describeError(error));
    }
  }

  /**
   * Whether `error` is Redis failing (unavailable, or an error reply), which the notification
   * path rides out by handling the notification here, degraded: never a 5xx. Unavailability is
   * logged when it starts; an error reply that is no refusal (a key of an unexpected type under
   * the fleet's prefix ...) once per code, as it is a bug or someone else's data, not an outage.
   */
  isFailure(error: unknown): boolean {
    if (error instanceof RedisUnavailableError) return true;
    if (!isReplyError(error)) return false;
    const code = replyCode(error);
    if (!this.unexpectedReplies.has(code)) {
      this.unexpectedReplies.add(code);
      this.logger.error(
        `Redis answered an error on the notification path (${describeError(error)}): notifications meeting it are handled locally`,
      );
    }
    return true;
  }

  /** Marks Redis unreachable (a command or a blocking read failed) and starts asking it again. */
  markUnreachable(reason: string): void {
    if (this.closed) return;
    if (this.reachable)
      this.logger.warn(
        `Redis is unavailable (${reason}): notifications are handled locally, degraded, until it answers again`,
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
      // A write: Redis answers a PING even while it refuses every write (OOM, READONLY ...).
      await this.commands.set(this.probeKey, '1', 'PX', PROBE_INTERVAL_MS * 4);
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
