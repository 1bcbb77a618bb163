import type { CallingDuplicateStore } from '../../events/duplicates/duplicate-store.interface.js';
import { InMemoryDuplicateStore } from '../../events/duplicates/in-memory-duplicate.store.js';
import { RedisDuplicateStore } from '../../events/duplicates/redis-duplicate.store.js';
import { callKeyOf } from '../../protocol/call-id.js';
import type { FleetStatus } from '../fleet-status.js';
import type { CallOwnership } from '../ownership/call-ownership.service.js';
import type { FleetRedis } from '../redis/fleet-redis.js';

/**
 * The fleet's duplicate store: handled notifications are marked in Redis (a taker of a call
 * finds what its previous owner handled) and remembered here. A lookup costs no Redis round trip
 * for a call this instance owned from its start: only it ran the call's handlers, so what it
 * does not remember was not handled. Redis unreachable: only what this instance remembers
 * counts (duplicates possible, counted), never an error.
 */
export class FleetDuplicateStore implements CallingDuplicateStore {
  private readonly local: InMemoryDuplicateStore;
  private readonly shared: RedisDuplicateStore;

  constructor(
    private readonly redis: FleetRedis,
    private readonly ownership: CallOwnership,
    private readonly status: FleetStatus,
    options: { keyPrefix: string; timeoutMs: number; cacheSize: number },
  ) {
    this.local = new InMemoryDuplicateStore(options.cacheSize);
    this.shared = new RedisDuplicateStore(redis.commands, options);
  }

  async has(key: string, callId?: string): Promise<boolean> {
    if (await this.local.has(key)) return true;
    if (
      callId !== undefined &&
      this.ownership.ownedFromStart(callKeyOf(callId))
    )
      return false;
    try {
      return await this.redis.run(() => this.shared.has(key, callId));
    } catch {
      this.status.duplicateChecksMissed++;
      return false;
    }
  }

  async mark(key: string, ttlMs: number, callId?: string): Promise<void> {
    await this.local.mark(key, ttlMs);
    try {
      await this.redis.run(() => this.shared.mark(key, ttlMs, callId));
    } catch {
      this.status.duplicateChecksMissed++;
    }
  }
}
