import { randomBytes } from 'node:crypto';

/**
 * One life of an instance: a new one each time it registers, so that a call claimed by an
 * earlier life (before a restart, or before its lease ran out) can be told apart and taken over.
 */
export function newIncarnation(): string {
  return randomBytes(6).toString('base64url');
}

/** What a call's owner key holds: `{instanceId}|{incarnation}`. */
export function ownerValue(instanceId: string, incarnation: string): string {
  return `${instanceId}|${incarnation}`;
}

/** The instance and incarnation of an owner value. */
export function parseOwner(value: string): {
  instanceId: string;
  incarnation: string;
} {
  const at = value.lastIndexOf('|');
  return {
    instanceId: value.slice(0, at),
    incarnation: value.slice(at + 1),
  };
}

/** What an instance's lease key holds: `{incarnation}|{instanceUrl}` (empty without one). */
export function leaseValue(
  incarnation: string,
  instanceUrl: string | undefined,
): string {
  return `${incarnation}|${instanceUrl ?? ''}`;
}

/** The incarnation and URL of a lease value. */
export function parseLease(value: string): {
  incarnation: string;
  url: string | undefined;
} {
  const at = value.indexOf('|');
  return {
    incarnation: value.slice(0, at),
    url: value.slice(at + 1) || undefined,
  };
}
