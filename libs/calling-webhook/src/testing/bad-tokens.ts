import { encodeSegment, signHs256, signPs256 } from './jwt-signing.js';
import { LocalOpenIdProvider } from './local-openid-provider.js';

/** The kinds of deliberately bad calling tokens `badToken()` mints; each must be refused with 401. */
export const BAD_TOKEN_KINDS = [
  'expired',
  'not-yet-valid',
  'wrong-audience',
  'wrong-issuer',
  'unknown-key',
  'alg-none',
  'hs256-with-public-key',
  'ps256',
  'no-exp',
  'no-tenant',
  'tampered-claims',
] as const;

/** One kind of deliberately bad token. */
export type BadTokenKind = (typeof BAD_TOKEN_KINDS)[number];

// Well past the default clock tolerance (300 s), so that no verifier may accept them.
const HOUR = 3600;

/** A token, minted by `provider`, that is wrong in the way `kind` names. */
export function badToken(
  provider: LocalOpenIdProvider,
  kind: BadTokenKind,
  tenantId = provider.tenantId,
): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { tid: tenantId };
  switch (kind) {
    case 'expired':
      return provider.mint({
        claims: {
          ...claims,
          iat: now - 2 * HOUR,
          nbf: now - 2 * HOUR,
          exp: now - HOUR,
        },
      });
    case 'not-yet-valid':
      return provider.mint({
        claims: {
          ...claims,
          iat: now + HOUR,
          nbf: now + HOUR,
          exp: now + 2 * HOUR,
        },
      });
    case 'wrong-audience':
      return provider.mint({
        claims: { ...claims, aud: '99999999-9999-9999-9999-999999999999' },
      });
    case 'wrong-issuer':
      return provider.mint({
        claims: { ...claims, iss: 'https://issuer.invalid.example.com' },
      });
    case 'unknown-key':
      return provider.mint({
        claims,
        signingKey: LocalOpenIdProvider.createKey(),
      });
    case 'alg-none':
      return `${encodeSegment(provider.header({ alg: 'none' }))}.${encodeSegment(provider.claims(claims))}.`;
    case 'hs256-with-public-key':
      return signHs256(
        provider.header({ alg: 'HS256' }),
        provider.claims(claims),
        provider.currentKey.publicKey.export({ format: 'pem', type: 'spki' }),
      );
    case 'ps256':
      return signPs256(
        provider.header({ alg: 'PS256' }),
        provider.claims(claims),
        provider.currentKey.privateKey,
      );
    case 'no-exp':
      return provider.mint({ claims: { ...claims, exp: undefined } });
    case 'no-tenant':
      return provider.mint({ claims: { tid: undefined } });
    case 'tampered-claims': {
      const [header, , signature] = provider.mint({ claims }).split('.');
      const forged = provider.claims({
        ...claims,
        aud: provider.appId,
        tampered: true,
      });
      return `${header}.${encodeSegment(forged)}.${signature}`;
    }
  }
}
