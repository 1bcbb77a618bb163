import { DEFAULT_KEY_PREFIX } from '../../fleet/fleet-options.js';
import { FleetKeys } from '../../fleet/fleet-keys.js';
import { callKeyOf } from '../../protocol/call-id.js';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';

/**
 * The two commands `RedisDuplicateStore` sends, as an ioredis client (`Redis` or `Cluster`) has
 * them: named by shape, so that `ioredis` stays an optional peer.
 */
export interface RedisDuplicateClient {
  exists(key: string): Promise<number>;
  set(
    key: string,
    value: string,
    mode: 'PX',
    milliseconds: number,
  ): Promise<unknown>;
}

/** What `RedisDuplicateStore` takes besides the client. */
export interface RedisDuplicateStoreOptions {
  /**
   * Prepended to every key, so that several bots can share one Redis (the fleet's `keyPrefix`).
   * @default 'calling-webhook:'
   */
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
 * A duplicate store shared by instances behind one webhook URL, on an ioredis client (which the
 * store never closes): a redelivery that lands on another instance does not run the handlers
 * again. Keys are the fleet's (`{prefix}{call:<callKey>}:handled:<key>`, one Redis Cluster slot
 * per call) and expire in Redis itself (`SET ... PX`), so nothing needs sweeping. A fleet
 * (`fleet` option) uses it on its own connection; this is for a store without a fleet.
 */
export class RedisDuplicateStore implements CallingDuplicateStore {
  private readonly keys: FleetKeys;
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: RedisDuplicateClient,
    options: RedisDuplicateStoreOptions = {},
  ) {
    this.keys = new FleetKeys(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
    this.timeoutMs = options.timeoutMs ?? 500;
  }

  async has(key: string, callId?: string): Promise<boolean> {
    return (await this.bounded(this.redis.exists(this.keyOf(key, callId)))) > 0;
  }

  async mark(key: string, ttlMs: number, callId?: string): Promise<void> {
    const px = Math.max(1, Math.round(ttlMs));
    await this.bounded(this.redis.set(this.keyOf(key, callId), '1', 'PX', px));
  }

  private keyOf(key: string, callId: string | undefined): string {
    return this.keys.handled(
      callId === undefined ? undefined : callKeyOf(callId),
      key,
    );
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
