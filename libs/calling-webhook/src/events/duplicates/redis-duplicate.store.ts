import type { CallingDuplicateStore } from './duplicate-store.interface.js';

/**
 * The two Redis commands the store needs, as node-redis (v4 and later) names them; an ioredis
 * client fits through a two-line adapter (`set(k, v, 'PX', ms)`).
 */
export interface RedisDuplicateCommands {
  exists(key: string): Promise<number>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
}

/** What `RedisDuplicateStore` takes besides the client. */
export interface RedisDuplicateStoreOptions {
  /** Prepended to every key, so that several bots can share one Redis. @default 'calling-webhook:handled:' */
  readonly keyPrefix?: string;
  /**
   * How long a lookup or a write may take. A client that queues commands while it reconnects
   * would otherwise hold the notification; past this the store counts as unreachable, and the
   * dispatcher lets the notification through (better twice than never).
   * @default 500
   */
  readonly timeoutMs?: number;
}

/**
 * A duplicate store shared by a fleet: every instance behind one webhook URL sees what the others
 * handled, so a redelivery that lands on another instance does not run the handlers again.
 * Keys expire in Redis itself (`SET ... PX`), so nothing needs sweeping.
 */
export class RedisDuplicateStore implements CallingDuplicateStore {
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: RedisDuplicateCommands,
    options: RedisDuplicateStoreOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'calling-webhook:handled:';
    this.timeoutMs = options.timeoutMs ?? 500;
  }

  async has(key: string): Promise<boolean> {
    return (await this.bounded(this.redis.exists(this.keyPrefix + key))) > 0;
  }

  async mark(key: string, ttlMs: number): Promise<void> {
    const px = Math.max(1, Math.round(ttlMs));
    await this.bounded(this.redis.set(this.keyPrefix + key, '1', { PX: px }));
  }

  private async bounded<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`Redis did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([command, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
