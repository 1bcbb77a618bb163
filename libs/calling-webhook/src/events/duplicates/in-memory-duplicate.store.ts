import { LRUCache } from 'lru-cache';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';

/**
 * The default duplicate store: bounded (the least recently used keys leave first, a key found
 * again counting as used) and per process, which is right for one instance; a fleet behind one
 * webhook URL needs a shared store.
 */
export class InMemoryDuplicateStore implements CallingDuplicateStore {
  private readonly keys: LRUCache<string, true>;

  constructor(maxKeys = 10_000) {
    this.keys = new LRUCache<string, true>({
      max: maxKeys,
      ttlAutopurge: false,
      // Read the clock on each lookup rather than cache it behind a timer set on every read.
      ttlResolution: 0,
    });
  }

  has(key: string): Promise<boolean> {
    // `get`, not `has`: lru-cache's `has` does not count as a use, so a key redelivered often
    // would still leave first.
    return Promise.resolve(this.keys.get(key) !== undefined);
  }

  mark(key: string, ttlMs: number): Promise<void> {
    this.keys.set(key, true, { ttl: ttlMs });
    return Promise.resolve();
  }
}
