import { MAX_TOKEN_BYTES } from '../calling-webhook.internal-constants.js';
import { encodeSegment } from '../testing/jwt-signing.js';
import { inspectToken, matchAudience } from './token-inspection.js';
import { InvalidTokenError } from './token-refusals.js';

const NOW = 1_700_000_000;
const RULES = {
  appIds: ['app-1', 'app-2'],
  issuers: ['https://api.botframework.com'],
  clockToleranceSeconds: 300,
};
const SIGNATURE = 'c2lnbmF0dXJl';

function token(
  header: Record<string, unknown> = {},
  claims: Record<string, unknown> = {},
): string {
  const h = { alg: 'RS256', typ: 'JWT', kid: 'k1', ...header };
  const c = {
    aud: 'app-1',
    iss: 'https://api.botframework.com',
    tid: 'tenant',
    nbf: NOW,
    exp: NOW + 300,
    ...claims,
  };
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return `${encodeSegment(defined(h))}.${encodeSegment(defined(c))}.${SIGNATURE}`;
}

function reasonFor(raw: string): string {
  try {
    inspectToken(raw, RULES, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return (error as InvalidTokenError).reason;
  }
  return 'accepted';
}

describe('inspectToken', () => {
  it('returns header, claims and key id of a well-formed token', () => {
    const inspected = inspectToken(token({ cty: 'JWT' }), RULES, NOW);
    expect(inspected.keyId).toBe('k1');
    expect(inspected.header.cty).toBe('JWT');
    expect(inspected.claims.tid).toBe('tenant');
  });

  it('takes the key id from x5t when there is no kid', () => {
    expect(
      inspectToken(token({ kid: undefined, x5t: 'thumb' }), RULES, NOW).keyId,
    ).toBe('thumb');
  });

  it.each<[string, string, string]>([
    ['over 8 KiB', 'a'.repeat(MAX_TOKEN_BYTES + 1), 'token too large'],
    ['two segments', 'abc.def', 'malformed token'],
    ['four segments', 'a.b.c.d', 'malformed token'],
    ['an empty signature', token().replace(/[^.]+$/, ''), 'malformed token'],
    ['padding', `${token()}=`, 'malformed token'],
    [
      'a header that is not JSON',
      `${Buffer.from('{').toString('base64url')}.e30.${SIGNATURE}`,
      'malformed token header',
    ],
    [
      'a header that is an array',
      `${encodeSegment([1])}.e30.${SIGNATURE}`,
      'malformed token header',
    ],
    ['alg none', token({ alg: 'none' }), 'algorithm not accepted'],
    ['alg NoNe', token({ alg: 'NoNe' }), 'algorithm not accepted'],
    ['alg HS256', token({ alg: 'HS256' }), 'algorithm not accepted'],
    ['alg PS256', token({ alg: 'PS256' }), 'algorithm not accepted'],
    [
      'alg rs256 (case matters)',
      token({ alg: 'rs256' }),
      'algorithm not accepted',
    ],
    [
      "the metadata's RSA256",
      token({ alg: 'RSA256' }),
      'algorithm not accepted',
    ],
    ['no alg', token({ alg: undefined }), 'algorithm not accepted'],
    ['a crit header', token({ crit: ['exp'] }), 'unsupported critical header'],
    ['no kid nor x5t', token({ kid: undefined }), 'token names no signing key'],
    ['an empty kid', token({ kid: '' }), 'token names no signing key'],
    ['a numeric kid', token({ kid: 7 }), 'token names no signing key'],
    [
      'a huge kid',
      token({ kid: 'k'.repeat(300) }),
      'token names no signing key',
    ],
    [
      'claims that are not JSON',
      `${encodeSegment({ alg: 'RS256', kid: 'k' })}.bm9wZQ.${SIGNATURE}`,
      'malformed token claims',
    ],
    ['no exp', token({}, { exp: undefined }), 'token has no valid expiry'],
    [
      'a string exp',
      token({}, { exp: String(NOW + 300) }),
      'token has no valid expiry',
    ],
    ['exp at the tolerance', token({}, { exp: NOW - 300 }), 'token expired'],
    [
      'nbf past the tolerance',
      token({}, { nbf: NOW + 301 }),
      'token not yet valid',
    ],
    ['a string nbf', token({}, { nbf: 'now' }), 'invalid nbf'],
    [
      'iat past the tolerance',
      token({}, { iat: NOW + 301 }),
      'token issued in the future',
    ],
    ['a null iat', token({}, { iat: null }), 'invalid iat'],
    [
      'another issuer',
      token({}, { iss: 'https://sts.windows.net/x/' }),
      'issuer not accepted',
    ],
    ['no issuer', token({}, { iss: undefined }), 'issuer not accepted'],
    ['another audience', token({}, { aud: 'app-3' }), 'audience not accepted'],
    [
      'an audience array without ours',
      token({}, { aud: ['app-3'] }),
      'audience not accepted',
    ],
    ['no audience', token({}, { aud: undefined }), 'audience not accepted'],
    ['no tid', token({}, { tid: undefined }), 'token has no tenant'],
    ['an empty tid', token({}, { tid: '' }), 'token has no tenant'],
  ])('refuses %s', (_name, raw, reason) => {
    expect(reasonFor(raw)).toBe(reason);
  });

  it.each<[string, string]>([
    ['exp one second inside the tolerance', token({}, { exp: NOW - 299 })],
    ['nbf at the tolerance', token({}, { nbf: NOW + 300 })],
    ['iat at the tolerance', token({}, { iat: NOW + 300 })],
    ['no nbf and no iat', token({}, { nbf: undefined, iat: undefined })],
    ['the second App ID in an array', token({}, { aud: ['x', 'app-2'] })],
  ])('accepts %s', (_name, raw) => {
    expect(reasonFor(raw)).toBe('accepted');
  });

  it('checks the size before anything else', () => {
    expect(
      reasonFor(`${token({ alg: 'none' })}${'A'.repeat(MAX_TOKEN_BYTES)}`),
    ).toBe('token too large');
  });

  it('never quotes the token or a claim in its reason', () => {
    const raw = token({}, { iss: 'https://evil.example/secret-issuer' });
    expect(reasonFor(raw)).not.toMatch(/evil|secret|c2lnbmF0dXJl/);
  });
});

describe('matchAudience', () => {
  it('finds the configured App ID in a string or an array', () => {
    expect(matchAudience('app-2', ['app-1', 'app-2'])).toBe('app-2');
    expect(matchAudience(['z', 'app-1'], ['app-1', 'app-2'])).toBe('app-1');
  });
  it('finds nothing in anything else', () => {
    expect(matchAudience('app-3', ['app-1'])).toBeUndefined();
    expect(matchAudience(undefined, ['app-1'])).toBeUndefined();
    expect(matchAudience({ 0: 'app-1' }, ['app-1'])).toBeUndefined();
  });
});
