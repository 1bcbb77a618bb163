import { LRUCache } from 'lru-cache';
import type { CallRecord } from './call-record.interface.js';
import type { CallingCallStore } from './call-store.interface.js';

/**
 * The default call store: bounded (the least recently used calls leave first) and per
 * process, which is right for one instance. Records are kept as given: they are never changed
 * after they are written, a newer one replaces them.
 */
export class InMemoryCallStore implements CallingCallStore {
  private readonly records: LRUCache<string, CallRecord>;

  constructor(maxCalls = 10_000) {
    this.records = new LRUCache<string, CallRecord>({
      max: maxCalls,
      ttlAutopurge: false,
    });
  }

  get(key: string): Promise<CallRecord | undefined> {
    return Promise.resolve(this.records.get(key));
  }

  set(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): Promise<boolean> {
    if (this.records.peek(key)?.version !== expectedVersion)
      return Promise.resolve(false);
    this.records.set(key, record, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.records.delete(key);
    return Promise.resolve();
  }
}
