import { AUTH_REALM } from '../calling-webhook.internal-constants.js';
import { SigningKeysUnavailableError } from './key-source.errors.js';
import {
  InvalidTokenError,
  MissingTokenError,
  TenantNotAllowedError,
} from './token-refusals.js';

/** How a refused request is answered: status, a short reason, and the headers RFC 6750 asks for. */
export interface Refusal {
  readonly status: 401 | 403 | 503;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string>>;
}

// jsonwebtoken's messages quote expected values; only these fixed ones are repeated.
const JSONWEBTOKEN_REASONS: Readonly<Record<string, string>> = {
  'invalid signature': 'invalid signature',
  'jwt malformed': 'malformed token',
  'jwt signature is required': 'malformed token',
  'invalid algorithm': 'algorithm not accepted',
};

/**
 * Maps whatever stopped authentication to its answer. Anything unknown is a `401` with a generic
 * reason: a bad token must never become a `500`, and an error's text never reaches the client.
 */
export function refusalFor(cause: unknown): Refusal {
  if (cause instanceof TenantNotAllowedError) {
    return { status: 403, reason: cause.message, headers: {} };
  }
  if (cause instanceof SigningKeysUnavailableError) {
    return {
      status: 503,
      reason: 'signing keys unavailable, retry later',
      headers: { 'Retry-After': String(cause.retryAfterSeconds) },
    };
  }
  if (cause instanceof MissingTokenError) {
    return {
      status: 401,
      reason: cause.message,
      headers: { 'WWW-Authenticate': `Bearer realm="${AUTH_REALM}"` },
    };
  }
  const reason = reasonOf(cause);
  const error =
    cause instanceof InvalidTokenError ? cause.code : 'invalid_token';
  return {
    status: 401,
    reason,
    headers: {
      'WWW-Authenticate': `Bearer realm="${AUTH_REALM}", error="${error}", error_description="${reason}"`,
    },
  };
}

function reasonOf(cause: unknown): string {
  if (cause instanceof InvalidTokenError) return cause.reason;
  if (cause instanceof Error) {
    if (cause.name === 'TokenExpiredError') return 'token expired';
    if (cause.name === 'NotBeforeError') return 'token not yet valid';
    if (cause.name === 'JsonWebTokenError')
      return JSONWEBTOKEN_REASONS[cause.message] ?? 'invalid token';
  }
  return 'invalid token';
}
