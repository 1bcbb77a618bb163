import type { CallRecord } from './call-record.interface.js';

/** A value, or a promise of it: what a call store answers. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where call records live. A shared store (Redis, a database) answers with promises, so that a
 * fleet can share call state; a store in the process may answer at once (the default one does),
 * which spares every notification two promise round trips. Writes carry the version they were
 * made from, so that two writers never lose each other's update (the loser reads again and
 * retries).
 */
export interface CallingCallStore {
  /** The record under `key`, unless it expired. */
  get(key: string): MaybePromise<CallRecord | undefined>;
  /**
   * Stores `record` under `key` for `ttlMs` milliseconds if the stored record's version is
   * `expectedVersion` (`undefined`: none is stored); `false`, storing nothing, otherwise.
   */
  set(
    key: string,
    record: CallRecord,
    expectedVersion: number | undefined,
    ttlMs: number,
  ): MaybePromise<boolean>;
  /** Forgets the record under `key`. */
  delete(key: string): MaybePromise<void>;
}
