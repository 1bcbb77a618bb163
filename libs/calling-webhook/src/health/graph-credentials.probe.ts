import type { AppTokenOutcome } from '../control/app-token-status.js';
import type { HealthProbeResult } from './health-probe.interface.js';

/**
 * The Graph credentials as the last app-token acquisition found them (never a token request per
 * probe). A failure is `degraded`, not `down`: notifications are still verified and acknowledged,
 * and taking the instance out of the load balancer would not fix a wrong secret.
 */
export function graphCredentialsProbe(
  configured: boolean,
  last: AppTokenOutcome | undefined,
): HealthProbeResult {
  if (!configured)
    return {
      name: 'graphCredentials',
      status: 'up',
      details: { configured: false },
    };
  if (!last)
    return {
      name: 'graphCredentials',
      status: 'up',
      details: { configured: true, lastAcquisition: 'none yet' },
    };
  return {
    name: 'graphCredentials',
    status: last.ok ? 'up' : 'degraded',
    details: {
      configured: true,
      lastAcquisition: last.ok ? 'succeeded' : 'failed',
      at: last.at.toISOString(),
      ...(last.errorCode ? { errorCode: last.errorCode } : {}),
    },
  };
}
