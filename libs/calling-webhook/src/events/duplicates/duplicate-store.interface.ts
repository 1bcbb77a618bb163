/**
 * Remembers which notifications were handled, so that a redelivery does not run handlers twice.
 * Async so that a shared store (Redis, a database) can stand behind it for a fleet of instances.
 */
export interface CallingDuplicateStore {
  /** True when `key` was marked and its TTL has not run out. */
  has(key: string): Promise<boolean>;
  /** Remembers `key` for `ttlMs` milliseconds. */
  mark(key: string, ttlMs: number): Promise<void>;
}
