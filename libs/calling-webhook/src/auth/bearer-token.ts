import type { IncomingMessage } from 'node:http';
import { InvalidTokenError, MissingTokenError } from './token-refusals.js';

// RFC 6750 section 2.1: `Bearer 1*SP b64token`, the scheme in any case (RFC 7235 section 2.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^\S+/;

/**
 * The bearer token of a request, or `undefined` when none was sent. Another scheme (`Basic`) is
 * no bearer token at all (`MissingTokenError`, a bare challenge); a malformed `Bearer` value or
 * two `Authorization` headers (Node keeps only the first) are refused rather than guessed at.
 */
export function readBearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  if (countAuthorizationHeaders(request.rawHeaders) > 1) {
    throw new InvalidTokenError(
      'more than one Authorization header',
      'invalid_request',
    );
  }
  const match = BEARER.exec(header);
  if (match) return match[1];
  if (SCHEME.exec(header)?.[0].toLowerCase() === 'bearer') {
    throw new InvalidTokenError(
      'malformed Authorization header',
      'invalid_request',
    );
  }
  throw new MissingTokenError('Authorization is not a Bearer token');
}

function countAuthorizationHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (
      rawHeaders[i].length === 13 &&
      rawHeaders[i].toLowerCase() === 'authorization'
    )
      count++;
  }
  return count;
}
