import { LRUCache } from 'lru-cache';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';

/**
 * The default duplicate store: bounded (least recently used keys leave first) and per process,
 * which is right for one instance; a fleet behind one webhook URL needs a shared store.
 */
export class InMemoryDuplicateStore implements CallingDuplicateStore {
  private readonly keys: LRUCache<string, true>;

  constructor(maxKeys = 10_000) {
    this.keys = new LRUCache<string, true>({
      max: maxKeys,
      ttlAutopurge: false,
    });
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.keys.has(key));
  }

  mark(key: string, ttlMs: number): Promise<void> {
    this.keys.set(key, true, { ttl: ttlMs });
    return Promise.resolve();
  }
}
