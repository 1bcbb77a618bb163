import { Inject, Injectable } from '@nestjs/common';
import { FLEET_REDIS } from './fleet.constants.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from './fleet-options.js';
import { FleetStatus, type FleetCounters } from './fleet-status.js';
import { FleetMembership } from './membership/fleet-membership.service.js';
import { CallOwnership } from './ownership/call-ownership.service.js';
import type { FleetRedis } from './redis/fleet-redis.js';

/** This instance's place in the fleet now, as the health indicator reports it. */
export interface FleetSnapshot {
  readonly instanceId: string;
  readonly routing: 'forward' | 'redirect';
  /** Redis answered (and took writes) the last time it was asked. */
  readonly redisReachable: boolean;
  /** This instance's lease is held (registered and renewed in time). */
  readonly leaseHeld: boolean;
  readonly ownedCalls: number;
  readonly counters: FleetCounters;
}

/** Reads the fleet's state for health checks; `undefined` without a fleet. */
@Injectable()
export class FleetHealth {
  constructor(
    @Inject(FLEET_OPTIONS)
    private readonly options: ResolvedFleetOptions | undefined,
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis | undefined,
    private readonly membership: FleetMembership,
    private readonly ownership: CallOwnership,
    private readonly status: FleetStatus,
  ) {}

  snapshot(): FleetSnapshot | undefined {
    if (!this.options || !this.redis) return undefined;
    return {
      instanceId: this.options.instanceId,
      routing: this.options.routing,
      redisReachable: this.redis.isReachable,
      leaseHeld: this.membership.leaseValid,
      ownedCalls: this.ownership.ownedCallIds.length,
      counters: this.status.counters(),
    };
  }
}
