import { LRUCache } from 'lru-cache';
import type { CallRecord } from './call-record.interface.js';
import type { CallingCallStore } from './call-store.interface.js';

/**
 * The default call store: bounded (the least recently used calls leave first) and per
 * process, which is right for one instance. It answers at once (no promise). Records are kept
 * as given: they are never changed after they are written, a newer one replaces them.
 */
export class InMemoryCallStore implements CallingCallStore {
  private readonly records: LRUCache<string, CallRecord>;

  constructor(maxCalls = 10_000) {
    this.records = new LRUCache<string, CallRecord>({
      max: maxCalls,
      ttlAutopurge: false,
      // lru-cache's default reuses the time for 1 ms through a timer set on each read; every
      // notification reads the store, and those timers cost more than reading the clock.
      ttlResolution: 0,
    });
  }

  get(key: string): CallRecord | undefined {
    return this.records.get(key);
  }

  set(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): boolean {
    if (this.records.peek(key)?.version !== expectedVersion) return false;
    this.records.set(key, record, { ttl: ttlMs });
    return true;
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
