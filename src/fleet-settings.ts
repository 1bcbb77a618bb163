import { hostname } from 'node:os';
import type { FleetOptions, FleetRouting } from 'nestjs-calling-webhook';
import { InvalidSettingError } from './setting-errors.js';

/** The sample bot's fleet settings, and the name its log lines give this instance. */
export interface FleetSettings {
  /** `undefined` without `CALLING_REDIS_URL`: one instance, everything in memory. */
  readonly fleet: FleetOptions | undefined;
  /** `CALLING_INSTANCE_ID`, else `{host name}-{process id}`. */
  readonly instanceId: string;
}

const ROUTINGS: readonly FleetRouting[] = ['forward', 'redirect'];
const FLEET_ONLY = [
  'CALLING_INSTANCE_URL',
  'CALLING_FLEET_ROUTING',
  'CALLING_FLEET_LEASE_MS',
] as const;

/**
 * Fleet mode when `CALLING_REDIS_URL` is set: `CALLING_INSTANCE_ID` (default host name and
 * pid), `CALLING_INSTANCE_URL` (this instance's own URL, for `redirect`),
 * `CALLING_FLEET_ROUTING` (`forward` by default, or `redirect`), `CALLING_FLEET_LEASE_MS`. The
 * module validates the values; this names the variable that is wrong in form.
 */
export function readFleetSettings(env: NodeJS.ProcessEnv): FleetSettings {
  const instanceId =
    env.CALLING_INSTANCE_ID?.trim() || `${hostname()}-${process.pid}`;
  const redis = env.CALLING_REDIS_URL?.trim();
  if (!redis) {
    const stray = FLEET_ONLY.find((name) => env[name]?.trim());
    if (stray)
      throw new InvalidSettingError(
        `${stray} needs CALLING_REDIS_URL: set it to the fleet's Redis, e.g. CALLING_REDIS_URL=redis://127.0.0.1:6379`,
      );
    return { fleet: undefined, instanceId };
  }
  const routing = (env.CALLING_FLEET_ROUTING?.trim() ||
    'forward') as FleetRouting;
  if (!ROUTINGS.includes(routing))
    throw new InvalidSettingError(
      `CALLING_FLEET_ROUTING must be forward or redirect (got "${env.CALLING_FLEET_ROUTING}")`,
    );
  const lease = env.CALLING_FLEET_LEASE_MS?.trim();
  const leaseMs = lease ? Number(lease) : undefined;
  if (leaseMs !== undefined && !Number.isSafeInteger(leaseMs))
    throw new InvalidSettingError(
      `CALLING_FLEET_LEASE_MS must be a whole number of milliseconds (got "${lease}")`,
    );
  return {
    fleet: {
      redis,
      instanceId,
      instanceUrl: env.CALLING_INSTANCE_URL?.trim() || undefined,
      routing,
      leaseMs,
    },
    instanceId,
  };
}
