import fc from 'fast-check';
import {
  encodeSegment,
  LocalOpenIdProvider,
  signRs256,
} from 'nestjs-calling-webhook/testing';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBearerToken } from '../libs/calling-webhook/src/auth/bearer-token.js';
import { refusalFor } from '../libs/calling-webhook/src/auth/refusal.js';
import { inspectToken } from '../libs/calling-webhook/src/auth/token-inspection.js';
import {
  InvalidTokenError,
  MissingTokenError,
} from '../libs/calling-webhook/src/auth/token-refusals.js';
import { fuzzRuns, fuzzSeed } from './support/fuzz-kit.js';

// Property-based tests of the token checks that need no key: whatever the header or the token,
// they refuse with their own error types (never a TypeError, so never a 500), and the refusal
// they map to never quotes the token.

const KEY = LocalOpenIdProvider.createKey();
const RULES = {
  appIds: ['app'],
  issuers: ['https://api.botframework.com'],
  clockToleranceSeconds: 300,
};
const now = Math.floor(Date.now() / 1000);
const VALID = signRs256(
  { alg: 'RS256', typ: 'JWT', kid: KEY.kid },
  { aud: 'app', iss: RULES.issuers[0], tid: 't', nbf: now, exp: now + 300 },
  KEY.privateKey,
);

const claimValue = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.integer({ min: now - 1_000, max: now + 1_000 }),
  fc.constantFrom('app', 't', RULES.issuers[0]),
);
/** Tokens with arbitrary headers and claims (structure valid, content not). */
const CRAFTED = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom('alg', 'kid', 'x5t', 'crit', 'typ', 'cty', 'jku'),
      fc.oneof(fc.constantFrom('RS256', 'none', KEY.kid), fc.jsonValue()),
    ),
    fc.dictionary(
      fc.constantFrom('aud', 'iss', 'tid', 'exp', 'nbf', 'iat', 'x'),
      claimValue,
    ),
  )
  // inspectToken checks no signature: a random one keeps a million cases cheap.
  .map(
    ([header, claims]) =>
      `${encodeSegment(header)}.${encodeSegment(claims)}.${randomBytes(256).toString('base64url')}`,
  );
/** A valid token with a few characters replaced, inserted or removed. */
const MUTATED = fc
  .array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom('.', '=', '+', '/', '-', '_', 'A', '', ' ', '%'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) =>
    edits.reduce((token, [at, text]) => {
      const i = at % (token.length + 1);
      return token.slice(0, i) + text + token.slice(i + (text ? 0 : 1));
    }, VALID),
  );
const ANY_TOKEN = fc.oneof(fc.string(), fc.base64String(), CRAFTED, MUTATED);

const options = (ci: number) => ({ numRuns: fuzzRuns(ci), seed: fuzzSeed() });

describe('fuzzing the token checks', () => {
  it('inspectToken refuses with InvalidTokenError only, never quoting the token', () => {
    fc.assert(
      fc.property(ANY_TOKEN, (token) => {
        try {
          inspectToken(token, RULES, now);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidTokenError);
          const refusal = refusalFor(error);
          expect(refusal.status).toBe(401);
          if (token.length >= 8) {
            expect(JSON.stringify(refusal)).not.toContain(token);
          }
        }
      }),
      options(2_000),
    );
  });

  it('readBearerToken refuses with its own errors only', () => {
    const header = fc.oneof(
      fc.string(),
      ANY_TOKEN.map((t) => `Bearer ${t}`),
      fc
        .tuple(fc.constantFrom('bearer', 'Basic', 'BEARER', ''), ANY_TOKEN)
        .map(([scheme, t]) => `${scheme}${' '.repeat(t.length % 3)}${t}`),
    );
    fc.assert(
      fc.property(
        fc.array(header, { minLength: 1, maxLength: 2 }),
        (values) => {
          const request = {
            headers: { authorization: values[0] },
            rawHeaders: values.flatMap((v) => ['Authorization', v]),
          } as unknown as IncomingMessage;
          try {
            const token = readBearerToken(request);
            expect(values).toHaveLength(1);
            expect(values[0]).toContain(token);
          } catch (error) {
            expect(
              error instanceof InvalidTokenError ||
                error instanceof MissingTokenError,
            ).toBe(true);
          }
        },
      ),
      options(5_000),
    );
  });
});
