import { sign, type KeyObject } from 'node:crypto';

/** Encodes a JSON value as one base64url JWT segment. */
export function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Signs header and claims with RS256 exactly as given (whatever the header says), so that tests
 * can build tokens that lie about their algorithm, key or structure.
 */
export function signRs256(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = sign(
    'sha256',
    Buffer.from(signingInput),
    privateKey,
  ).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Drops the entries whose value is `undefined`, so that an override can remove a field. */
export function withoutUndefined(
  record: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  );
}
