import { MAX_TOKEN_BYTES } from '../calling-webhook.internal-constants.js';
import type { CallingTokenClaims } from './calling-principal.interface.js';
import { InvalidTokenError } from './token-refusals.js';

/** The header fields the library reads. */
export interface TokenHeader {
  readonly alg?: unknown;
  readonly kid?: unknown;
  readonly x5t?: unknown;
  readonly crit?: unknown;
  readonly [field: string]: unknown;
}

/** A token that passed every check that needs no key: its header, claims and key id. */
export interface InspectedToken {
  readonly header: TokenHeader;
  readonly claims: CallingTokenClaims;
  readonly keyId: string;
}

/** What the claims are checked against. */
export interface TokenRules {
  readonly appIds: readonly string[];
  readonly issuers: readonly string[];
  readonly clockToleranceSeconds: number;
}

const THREE_BASE64URL_SEGMENTS =
  /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_KEY_ID_LENGTH = 256;
// The platform signs every token of a key with the same header, so the header segment repeats:
// its (accepted) decoding is remembered, in a map small enough never to matter.
const MAX_KNOWN_HEADERS = 32;
const knownHeaders = new Map<string, { header: TokenHeader; keyId: string }>();

/**
 * Every rule of a calling token that can be checked without its signing key, cheapest first, so
 * that a forged or foreign token is refused before any crypto and never triggers a key fetch.
 * It also covers what jsonwebtoken lets through: a missing `exp`, a future `iat`, an unknown
 * `crit`, and any algorithm but RS256 (the metadata's `RSA256` is not trusted).
 */
export function inspectToken(
  token: string,
  rules: TokenRules,
  nowSeconds = Date.now() / 1000,
): InspectedToken {
  if (token.length > MAX_TOKEN_BYTES)
    throw new InvalidTokenError('token too large');
  if (!THREE_BASE64URL_SEGMENTS.test(token))
    throw new InvalidTokenError('malformed token');
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const { header, keyId } = inspectHeader(token.slice(0, firstDot));

  const claims = decodeSegment(
    token.slice(firstDot + 1, secondDot),
    'malformed token claims',
  );
  const tolerance = rules.clockToleranceSeconds;
  if (!isNumericDate(claims.exp))
    throw new InvalidTokenError('token has no valid expiry');
  if (claims.exp + tolerance <= nowSeconds)
    throw new InvalidTokenError('token expired');
  if (claims.nbf !== undefined) {
    if (!isNumericDate(claims.nbf)) throw new InvalidTokenError('invalid nbf');
    if (claims.nbf - tolerance > nowSeconds)
      throw new InvalidTokenError('token not yet valid');
  }
  if (claims.iat !== undefined) {
    if (!isNumericDate(claims.iat)) throw new InvalidTokenError('invalid iat');
    if (claims.iat - tolerance > nowSeconds)
      throw new InvalidTokenError('token issued in the future');
  }
  if (typeof claims.iss !== 'string' || !rules.issuers.includes(claims.iss)) {
    throw new InvalidTokenError('issuer not accepted');
  }
  if (matchAudience(claims.aud, rules.appIds) === undefined) {
    throw new InvalidTokenError('audience not accepted');
  }
  if (typeof claims.tid !== 'string' || claims.tid.length === 0) {
    throw new InvalidTokenError('token has no tenant');
  }
  return { header, claims: claims as CallingTokenClaims, keyId };
}

function inspectHeader(segment: string): {
  header: TokenHeader;
  keyId: string;
} {
  const known = knownHeaders.get(segment);
  if (known) return known;
  const header = decodeSegment(
    segment,
    'malformed token header',
  ) as TokenHeader;
  if (header.alg !== 'RS256')
    throw new InvalidTokenError('algorithm not accepted');
  if (header.crit !== undefined)
    throw new InvalidTokenError('unsupported critical header');
  const keyId = typeof header.kid === 'string' ? header.kid : header.x5t;
  if (
    typeof keyId !== 'string' ||
    keyId.length === 0 ||
    keyId.length > MAX_KEY_ID_LENGTH
  ) {
    throw new InvalidTokenError('token names no signing key');
  }
  if (knownHeaders.size >= MAX_KNOWN_HEADERS) knownHeaders.clear();
  const inspected = { header: Object.freeze(header), keyId };
  knownHeaders.set(segment, inspected);
  return inspected;
}

/** The configured App ID that `aud` names (`aud` is a string or an array of strings). */
export function matchAudience(
  aud: unknown,
  appIds: readonly string[],
): string | undefined {
  if (typeof aud === 'string') return appIds.includes(aud) ? aud : undefined;
  if (Array.isArray(aud)) return appIds.find((id) => aud.includes(id));
  return undefined;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function decodeSegment(
  segment: string,
  reason: string,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(reason);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidTokenError(reason);
  }
  return value as Record<string, unknown>;
}
