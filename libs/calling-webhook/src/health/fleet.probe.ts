import type { FleetSnapshot } from '../fleet/fleet-health.js';
import type { HealthProbeResult } from './health-probe.interface.js';

/**
 * The fleet: `degraded` while Redis is unreachable or this instance's lease is not held (it
 * still answers every notification, locally, and duplicates are possible), `up` otherwise. Never
 * `down`: taking the instance out of the load balancer would not bring Redis back.
 */
export function fleetProbe(fleet: FleetSnapshot): HealthProbeResult {
  const healthy = fleet.redisReachable && fleet.leaseHeld;
  return {
    name: 'fleet',
    status: healthy ? 'up' : 'degraded',
    details: {
      instanceId: fleet.instanceId,
      routing: fleet.routing,
      redis: fleet.redisReachable ? 'reachable' : 'unreachable',
      lease: fleet.leaseHeld ? 'held' : 'not held',
      ownedCalls: fleet.ownedCalls,
      ...fleet.counters,
    },
  };
}
