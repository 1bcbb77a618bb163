/**
 * Remembers which notifications were handled, so that a redelivery does not run handlers twice.
 * Async so that a shared store (Redis, a database) can stand behind it for a fleet of instances.
 * `callId` names the call the notification is about: a shared store may keep a call's keys
 * together (one Redis Cluster slot), a fleet owner knows a call it handled from its start.
 */
export interface CallingDuplicateStore {
  /** True when `key` was marked and its TTL has not run out. */
  has(key: string, callId?: string): Promise<boolean>;
  /** Remembers `key` for `ttlMs` milliseconds. */
  mark(key: string, ttlMs: number, callId?: string): Promise<void>;
}
