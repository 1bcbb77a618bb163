import type { CallRecord } from './call-record.interface.js';

/**
 * Where call records live. Async so that a shared store (Redis, a database) can stand behind it
 * for a fleet; writes carry the version they were made from, so that two writers never lose
 * each other's update (the loser reads again and retries).
 */
export interface CallingCallStore {
  /** The record under `key`, unless it expired. */
  get(key: string): Promise<CallRecord | undefined>;
  /**
   * Stores `record` under `key` for `ttlMs` milliseconds if the stored record's version is
   * `expectedVersion` (`undefined`: none is stored); resolves `false`, storing nothing, otherwise.
   */
  set(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): Promise<boolean>;
  /** Forgets the record under `key`. */
  delete(key: string): Promise<void>;
}
