import {
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
} from 'jsonwebtoken';
import { SigningKeysUnavailableError } from './key-source.errors.js';
import { refusalFor } from './refusal.js';
import {
  InvalidTokenError,
  MissingTokenError,
  TenantNotAllowedError,
} from './token-refusals.js';

const BARE = 'Bearer realm="teams-calling"';
const challenge = (error: string, description: string) =>
  `${BARE}, error="${error}", error_description="${description}"`;

describe('refusalFor', () => {
  it('answers a missing token with a bare challenge', () => {
    expect(refusalFor(new MissingTokenError())).toEqual({
      status: 401,
      reason: 'missing bearer token',
      headers: { 'WWW-Authenticate': BARE },
    });
  });

  it('answers another scheme with a bare challenge too', () => {
    const refusal = refusalFor(
      new MissingTokenError('Authorization is not a Bearer token'),
    );
    expect(refusal.headers).toEqual({ 'WWW-Authenticate': BARE });
  });

  it('answers an invalid token with invalid_token and its reason', () => {
    expect(refusalFor(new InvalidTokenError('token expired'))).toEqual({
      status: 401,
      reason: 'token expired',
      headers: {
        'WWW-Authenticate': challenge('invalid_token', 'token expired'),
      },
    });
  });

  it('answers a malformed header with invalid_request', () => {
    const refusal = refusalFor(
      new InvalidTokenError(
        'more than one Authorization header',
        'invalid_request',
      ),
    );
    expect(refusal.headers['WWW-Authenticate']).toBe(
      challenge('invalid_request', 'more than one Authorization header'),
    );
  });

  it('answers a tenant outside the list with 403 and no challenge', () => {
    expect(refusalFor(new TenantNotAllowedError())).toEqual({
      status: 403,
      reason: 'tenant not allowed',
      headers: {},
    });
  });

  it('answers missing signing keys with 503 and Retry-After', () => {
    expect(
      refusalFor(new SigningKeysUnavailableError('host unreachable', 7)),
    ).toEqual({
      status: 503,
      reason: 'signing keys unavailable, retry later',
      headers: { 'Retry-After': '7' },
    });
  });

  it.each<[string, Error, string]>([
    [
      'TokenExpiredError',
      new TokenExpiredError('jwt expired', new Date()),
      'token expired',
    ],
    [
      'NotBeforeError',
      new NotBeforeError('jwt not active', new Date()),
      'token not yet valid',
    ],
    [
      'invalid signature',
      new JsonWebTokenError('invalid signature'),
      'invalid signature',
    ],
    [
      'jwt malformed',
      new JsonWebTokenError('jwt malformed'),
      'malformed token',
    ],
    [
      'invalid algorithm',
      new JsonWebTokenError('invalid algorithm'),
      'algorithm not accepted',
    ],
  ])("maps jsonwebtoken's %s", (_name, error, reason) => {
    const refusal = refusalFor(error);
    expect(refusal.status).toBe(401);
    expect(refusal.reason).toBe(reason);
  });

  it.each<[string, unknown]>([
    [
      'a jsonwebtoken message that quotes a value',
      new JsonWebTokenError('jwt audience invalid. expected: secret-app'),
    ],
    ['an unexpected error', new Error('boom at eyJhbGciOi.secret')],
    ['something that is not an error', { token: 'eyJ.secret' }],
    ['nothing', undefined],
  ])('answers %s with 401 and a generic reason', (_name, cause) => {
    const refusal = refusalFor(cause);
    expect(refusal).toEqual({
      status: 401,
      reason: 'invalid token',
      headers: {
        'WWW-Authenticate': challenge('invalid_token', 'invalid token'),
      },
    });
  });
});
