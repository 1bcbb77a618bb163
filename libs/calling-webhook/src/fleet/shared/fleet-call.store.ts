import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { CallRecord } from '../../calls/call-record.interface.js';
import type {
  CallingCallStore,
  MaybePromise,
} from '../../calls/call-store.interface.js';
import { describeError } from '../../logging/describe-error.js';
import type { FleetKeys } from '../fleet-keys.js';
import type { FleetStatus } from '../fleet-status.js';
import type { CallOwnership } from '../ownership/call-ownership.service.js';
import type { FleetRedis } from '../redis/fleet-redis.js';

/** What the copy of a record in memory knows besides it. */
interface Held {
  readonly record: CallRecord;
  readonly ttlMs: number;
  /** Written here while Redis was unreachable: written to Redis when it is back. */
  unsynced: boolean;
}

/**
 * The fleet's call store: every record in Redis (`{prefix}{call:<callKey>}:state`, a hash of the
 * version and the record, written with a version check in one script), and a copy in memory of
 * the records of calls this instance owns. Only an owner writes its calls' records as their
 * notifications come, so its copy is the stored one: a read costs no Redis round trip, a write
 * one. A write that meets a newer version (something else wrote) drops the copy, and the
 * caller's retry reads Redis. Redis unreachable: records are kept in memory (this instance's
 * calls go on with their state) and written to Redis when it is back.
 */
export class FleetCallStore implements CallingCallStore {
  private readonly logger = new Logger('CallingFleet');
  private readonly held: LRUCache<string, Held>;

  constructor(
    private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
    private readonly ownership: CallOwnership,
    private readonly status: FleetStatus,
    maxCalls: number,
  ) {
    this.held = new LRUCache({ max: maxCalls });
    redis.onReachable(() => void this.writeUnsynced());
    ownership.onReclaimed((callKeys) => this.writeLost(callKeys));
  }

  get(key: string): MaybePromise<CallRecord | undefined> {
    const held = this.held.get(key);
    if (held && (this.ownership.ownsLocally(key) || !this.redis.isReachable))
      return held.record;
    if (!this.redis.isReachable) return undefined;
    return this.redis
      .run((r) => r.hget(this.keys.callState(key), 'record'))
      .then(
        (text) => {
          if (text === null) return undefined;
          const record = JSON.parse(text) as CallRecord;
          if (this.ownership.ownsLocally(key))
            this.held.set(key, { record, ttlMs: 0, unsynced: false });
          return record;
        },
        () => held?.record,
      );
  }

  set(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): MaybePromise<boolean> {
    if (!this.redis.isReachable)
      return this.keepUnsynced(key, record, expectedVersion, ttlMs);
    // Outside `run`: a record that cannot be serialised (a RangeError on a pathologically nested
    // resource) is a failed write, thrown to the caller, never Redis being unreachable.
    const text = JSON.stringify(record);
    return this.redis
      .run(() =>
        this.redis.scripts.setRecord(
          this.keys.callState(key),
          expectedVersion === undefined ? '' : String(expectedVersion),
          String(record.version),
          text,
          ttlMs,
        ),
      )
      .then(
        (stored) => {
          if (stored === 1) {
            if (this.ownership.holds(key))
              this.held.set(key, { record, ttlMs, unsynced: false });
            return true;
          }
          // Another instance wrote meanwhile: the next read goes to Redis.
          this.held.delete(key);
          return false;
        },
        () => this.keepUnsynced(key, record, expectedVersion, ttlMs),
      );
  }

  delete(key: string): MaybePromise<void> {
    this.held.delete(key);
    if (!this.redis.isReachable) return;
    return this.redis
      .run((r) => r.del(this.keys.callState(key)))
      .then(
        () => undefined,
        () => undefined,
      );
  }

  private keepUnsynced(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): boolean {
    if (this.held.get(key)?.record.version !== expectedVersion) return false;
    this.held.set(key, { record, ttlMs, unsynced: true });
    this.status.unsyncedRecords++;
    return true;
  }

  /**
   * This instance claimed its calls again for a new life: Redis may have lost their records (a
   * restart without persistence). Each one Redis no longer has is written from the copy here.
   */
  private async writeLost(callKeys: readonly string[]): Promise<void> {
    for (const key of callKeys) {
      const held = this.held.get(key);
      if (!held || held.ttlMs === 0) continue;
      const text = this.serialised(key, held);
      if (text === undefined) continue;
      try {
        await this.redis.run(() =>
          this.redis.scripts.setRecord(
            this.keys.callState(key),
            '',
            String(held.record.version),
            text,
            held.ttlMs,
          ),
        );
        held.unsynced = false;
      } catch {
        return;
      }
    }
  }

  /** Writes the records kept while Redis was unreachable, for the calls this instance holds. */
  private async writeUnsynced(): Promise<void> {
    for (const [key, held] of this.held.entries()) {
      if (!held.unsynced) continue;
      if (!this.ownership.holds(key)) {
        // Another instance's call, handled here while Redis was away: its owner's record wins.
        this.held.delete(key);
        continue;
      }
      const text = this.serialised(key, held);
      if (text === undefined) continue;
      try {
        await this.redis.run((r) =>
          r
            .multi()
            .hset(this.keys.callState(key), {
              version: String(held.record.version),
              record: text,
            })
            .pexpire(this.keys.callState(key), held.ttlMs)
            .exec(),
        );
        held.unsynced = false;
      } catch (error) {
        this.logger.debug(
          `Writing call state back to Redis failed (tried again when it is back): ${describeError(error)}`,
        );
        return;
      }
    }
  }

  /**
   * The record as Redis stores it, or `undefined` when it cannot be serialised: a bug logged
   * once, the copy here stays this instance's only, and is not tried again.
   */
  private serialised(key: string, held: Held): string | undefined {
    try {
      return JSON.stringify(held.record);
    } catch (error) {
      held.unsynced = false;
      this.logger.error(
        `The state of call ${key} cannot be written to Redis: ${describeError(error)}`,
      );
      return undefined;
    }
  }
}
