import type { SigningKeysStatus } from '../auth/signing-keys-status.interface.js';
import type { HealthProbeResult } from './health-probe.interface.js';

/**
 * Down when no signing key is held: every notification is then refused (503), so the instance
 * should leave the load balancer. Keys held but a refresh failing is still up: the known keys
 * go on verifying tokens, and the error is reported.
 */
export function signingKeysProbe(
  status: SigningKeysStatus,
  now = Date.now(),
): HealthProbeResult {
  const details: Record<string, string | number> = { keys: status.keyCount };
  if (status.fetchedAt)
    details.ageSeconds = Math.round((now - status.fetchedAt.getTime()) / 1000);
  if (status.lastError) {
    details.lastError = status.lastError.reason;
    details.lastErrorAt = status.lastError.at.toISOString();
    details.failuresInARow = status.failuresInARow;
  }
  return {
    name: 'signingKeys',
    status: status.keyCount > 0 ? 'up' : 'down',
    details,
  };
}
