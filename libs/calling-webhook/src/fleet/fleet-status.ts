import { Injectable } from '@nestjs/common';

/**
 * What the fleet did on this instance since it started, for the health indicator and for
 * operators: counters only, read at any time.
 */
@Injectable()
export class FleetStatus {
  /** Notifications handled here because this instance owns their call (no Redis question asked). */
  ownerPath = 0;
  /** Notifications handed to their call's owner through Redis (forward routing). */
  forwarded = 0;
  /** Notifications answered `307` to their call's owner (redirect routing). */
  redirected = 0;
  /** Notifications handed over by another instance and handled here. */
  handedOver = 0;
  /** Calls taken over from an instance that died or left. */
  takenOver = 0;
  /** Notifications handled locally because Redis was unreachable (duplicates possible). */
  withoutRedis = 0;
  /** Duplicate-store lookups and marks Redis did not answer (a redelivery may run twice). */
  duplicateChecksMissed = 0;
  /** Call records kept in memory while Redis was unreachable (written back when it is). */
  unsyncedRecords = 0;

  /** The counters now, as a plain object. */
  counters(): FleetCounters {
    return {
      ownerPath: this.ownerPath,
      forwarded: this.forwarded,
      redirected: this.redirected,
      handedOver: this.handedOver,
      takenOver: this.takenOver,
      withoutRedis: this.withoutRedis,
      duplicateChecksMissed: this.duplicateChecksMissed,
      unsyncedRecords: this.unsyncedRecords,
    };
  }
}

/** The counters of `FleetStatus`, as a health check reports them. */
export type FleetCounters = Readonly<
  Pick<
    FleetStatus,
    | 'ownerPath'
    | 'forwarded'
    | 'redirected'
    | 'handedOver'
    | 'takenOver'
    | 'withoutRedis'
    | 'duplicateChecksMissed'
    | 'unsyncedRecords'
  >
>;
