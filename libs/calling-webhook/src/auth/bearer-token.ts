import type { IncomingMessage } from 'node:http';
import { InvalidTokenError } from './token-refusals.js';

const BEARER = /^bearer[ ]+(\S+)[ ]*$/i;

/**
 * The bearer token of a request, or `undefined` when none was sent. The scheme is matched without
 * regard to case (RFC 7235, section 2.1). Two `Authorization` headers (Node keeps only the first)
 * or another scheme are refused rather than guessed at.
 */
export function readBearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  if (countAuthorizationHeaders(request.rawHeaders) > 1) {
    throw new InvalidTokenError('more than one Authorization header');
  }
  const match = BEARER.exec(header);
  if (!match)
    throw new InvalidTokenError('Authorization is not a Bearer token');
  return match[1];
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
