import { Injectable, type INestApplication } from '@nestjs/common';
import {
  OnCallNotification,
  type AnyCallNotificationEvent,
} from 'nestjs-calling-webhook';
import {
  encodeSegment,
  LocalOpenIdProvider,
  signHs256,
  signPs256,
} from 'nestjs-calling-webhook/testing';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { expectRefusal, type Challenge } from './support/auth-expectations.js';
import { deferred, graphFixture } from './support/events-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import {
  baseUrlOf,
  CapturedLogs,
  startWebhookApp,
} from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

// The attack catalogue of issue 8: one forged or malformed request per row, sent over real HTTP
// with a valid Graph body, so that a token let through would run the counting handler below.
// Each row names the status, the RFC 6750 challenge and the refusal's reason; after each row,
// no handler has run. The rules behind each row are in auth/token-inspection.ts and bearer-token.ts.

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const TOLERANCE = 300;
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
const now = (): number => Math.floor(Date.now() / 1000);

/** Counts every notification that reached a handler. */
@Injectable()
class CountingHandlers {
  runs = 0;
  /** When set, each run waits for it (to hold a delivery in flight). */
  hold: Promise<void> | undefined;

  @OnCallNotification()
  async any(_event: AnyCallNotificationEvent): Promise<void> {
    this.runs++;
    await this.hold;
  }
}

/** The parties of the catalogue: the calling source, an attacker, Bot Framework's key source. */
interface Parties {
  readonly platform: LocalOpenIdProvider;
  readonly attacker: LocalOpenIdProvider;
  readonly botFramework: LocalOpenIdProvider;
}

/** What one row sends: the header lines (each `[name, value]`, repeats allowed) and a query. */
interface Attack {
  readonly headers: readonly (readonly [string, string])[];
  readonly query?: string;
  /** The secret that must not leak (the token, or the credentials sent). */
  readonly secret: string;
}

interface Row {
  readonly status: 401 | 403;
  readonly challenge: Challenge;
  /** The `error_description` of the challenge (or the 403 message). */
  readonly reason?: string;
  readonly attack: (parties: Parties) => Attack;
}

const bearer = (token: string): Attack => ({
  headers: [['Authorization', `Bearer ${token}`]],
  secret: token,
});

/** A token signed as given by `sign`, over header and claims encoded as given. */
function signedWith(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: (input: Buffer) => Buffer,
): string {
  const input = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

function segments(token: string): [string, string, string] {
  const [header, claims, signature] = token.split('.');
  return [header, claims, signature];
}

const toStandardBase64 = (segment: string, pad: boolean): string => {
  const text = Buffer.from(segment, 'base64url').toString('base64');
  return pad ? text : text.replace(/=+$/, '');
};

/** A refusal of the token itself: `401` with `error="invalid_token"` and this reason. */
const invalid = (
  reason: string,
  attack: (parties: Parties) => Attack,
): Row => ({ status: 401, challenge: 'invalid_token', reason, attack });

const catalogue: Record<string, Row> = {
  // Algorithms: only RS256, whatever the header claims.
  // An empty third segment fails the structure check before the header is even decoded.
  'alg none, signature removed': invalid('malformed token', (p) => {
    const [h, c] = segments(p.platform.mint({ header: { alg: 'none' } }));
    return bearer(`${h}.${c}.`);
  }),
  'alg none, signature kept': invalid('algorithm not accepted', (p) =>
    bearer(p.platform.mint({ header: { alg: 'none' } })),
  ),
  'alg NoNe': invalid('algorithm not accepted', (p) =>
    bearer(p.platform.mint({ header: { alg: 'NoNe' } })),
  ),
  'HS256 keyed with the published RSA public key (PEM)': invalid(
    'algorithm not accepted',
    ({ platform }) =>
      bearer(
        signHs256(
          platform.header({ alg: 'HS256' }),
          platform.claims(),
          platform.currentKey.publicKey.export({ type: 'spki', format: 'pem' }),
        ),
      ),
  ),
  'HS256 keyed with the published RSA public key (JWK JSON)': invalid(
    'algorithm not accepted',
    ({ platform }) =>
      bearer(
        signHs256(
          platform.header({ alg: 'HS256' }),
          platform.claims(),
          JSON.stringify(platform.jwks().keys.at(-1)),
        ),
      ),
  ),
  'HS256 keyed with the JWK modulus bytes': invalid(
    'algorithm not accepted',
    ({ platform }) =>
      bearer(
        signHs256(
          platform.header({ alg: 'HS256' }),
          platform.claims(),
          Buffer.from(String(platform.jwks().keys.at(-1)?.n), 'base64url'),
        ),
      ),
  ),
  'PS256 (a real RSA-PSS signature of the published key)': invalid(
    'algorithm not accepted',
    ({ platform }) =>
      bearer(
        signPs256(
          platform.header({ alg: 'PS256' }),
          platform.claims(),
          platform.currentKey.privateKey,
        ),
      ),
  ),
  'RS384 (a real signature of the published key)': invalid(
    'algorithm not accepted',
    ({ platform }) =>
      bearer(
        signedWith(platform.header({ alg: 'RS384' }), platform.claims(), (i) =>
          sign('sha384', i, platform.currentKey.privateKey),
        ),
      ),
  ),
  'ES256 (a real ECDSA signature, under the published kid)': invalid(
    'algorithm not accepted',
    ({ platform }) => {
      const { privateKey } = generateKeyPairSync('ec', {
        namedCurve: 'P-256',
      });
      return bearer(
        signedWith(platform.header({ alg: 'ES256' }), platform.claims(), (i) =>
          sign('sha256', i, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
        ),
      );
    },
  ),

  // Signatures.
  'signature stripped (two segments)': invalid('malformed token', (p) => {
    const [h, c] = segments(p.platform.mint());
    return bearer(`${h}.${c}`);
  }),
  'signature segment empty': invalid('malformed token', (p) => {
    const [h, c] = segments(p.platform.mint());
    return bearer(`${h}.${c}.`);
  }),
  'payload tampered after signing (another tenant)': invalid(
    'invalid signature',
    ({ platform }) => {
      const [h, , s] = segments(platform.mint());
      return bearer(
        `${h}.${encodeSegment(platform.claims({ tid: OTHER_TENANT }))}.${s}`,
      );
    },
  ),
  'payload tampered after signing (exp pushed a day ahead)': invalid(
    'invalid signature',
    ({ platform }) => {
      const [h, , s] = segments(platform.mint());
      return bearer(`${h}.${encodeSegment(platform.claims({}, 86_400))}.${s}`);
    },
  ),
  'signature of another key under the published kid': invalid(
    'invalid signature',
    ({ platform, attacker }) =>
      bearer(
        platform.mint({
          signingKey: { ...attacker.currentKey, kid: platform.currentKey.kid },
        }),
      ),
  ),

  // Key ids: only ever looked up in the keys fetched from the configured source.
  'kid with path traversal': invalid('unknown signing key', (p) =>
    bearer(
      p.platform.mint({
        signingKey: { ...p.attacker.currentKey, kid: '../../../../etc/passwd' },
        header: { x5t: undefined },
      }),
    ),
  ),
  'kid with SQL characters': invalid('unknown signing key', (p) =>
    bearer(
      p.platform.mint({
        signingKey: { ...p.attacker.currentKey, kid: "x' OR '1'='1'; --" },
        header: { x5t: undefined },
      }),
    ),
  ),
  'kid longer than 256 characters': invalid('token names no signing key', (p) =>
    bearer(
      p.platform.mint({ header: { kid: 'k'.repeat(300), x5t: undefined } }),
    ),
  ),
  'jwk header carrying the attacker key that signed the token': invalid(
    'unknown signing key',
    ({ platform, attacker }) =>
      bearer(
        platform.mint({
          signingKey: attacker.currentKey,
          header: { jwk: attacker.jwks().keys[0] },
        }),
      ),
  ),
  'jwk header with the attacker key, under the published kid': invalid(
    'invalid signature',
    ({ platform, attacker }) =>
      bearer(
        platform.mint({
          signingKey: { ...attacker.currentKey, kid: platform.currentKey.kid },
          header: {
            jwk: { ...attacker.jwks().keys[0], kid: platform.currentKey.kid },
          },
        }),
      ),
  ),
  'jku header pointing to the attacker JWKS (which serves the signing key)':
    invalid('unknown signing key', ({ platform, attacker }) =>
      bearer(
        platform.mint({
          signingKey: attacker.currentKey,
          header: { jku: attacker.jwksUri },
        }),
      ),
    ),
  'x5u header pointing to the attacker': invalid(
    'unknown signing key',
    ({ platform, attacker }) =>
      bearer(
        platform.mint({
          signingKey: attacker.currentKey,
          header: { x5u: `${attacker.jwksUri}?x5u` },
        }),
      ),
  ),
  'unknown crit header': invalid('unsupported critical header', (p) =>
    bearer(
      p.platform.mint({
        header: {
          crit: ['urn:example:must-understand'],
          'urn:example:must-understand': true,
        },
      }),
    ),
  ),

  // Time.
  'expired beyond the clock tolerance': invalid('token expired', (p) =>
    bearer(
      p.platform.mint({
        claims: {
          iat: now() - 3_600,
          nbf: now() - 3_600,
          exp: now() - TOLERANCE - 60,
        },
      }),
    ),
  ),
  'nbf in the future beyond the tolerance': invalid(
    'token not yet valid',
    (p) =>
      bearer(
        p.platform.mint({
          claims: { nbf: now() + TOLERANCE + 60 },
          lifetimeSeconds: 3_600,
        }),
      ),
  ),
  'iat in the future beyond the tolerance': invalid(
    'token issued in the future',
    (p) =>
      bearer(
        p.platform.mint({
          claims: { iat: now() + TOLERANCE + 60 },
          lifetimeSeconds: 3_600,
        }),
      ),
  ),
  'exp as a string': invalid('token has no valid expiry', (p) =>
    bearer(p.platform.mint({ claims: { exp: String(now() + 300) } })),
  ),
  'exp missing': invalid('token has no valid expiry', (p) =>
    bearer(p.platform.mint({ claims: { exp: undefined } })),
  ),

  // Audience, issuer, tenant.
  'aud missing': invalid('audience not accepted', (p) =>
    bearer(p.platform.mint({ claims: { aud: undefined } })),
  ),
  'aud of another app': invalid('audience not accepted', (p) =>
    bearer(
      p.platform.mint({
        claims: { aud: '0b0b0b0b-0000-4000-8000-0000000000ff' },
      }),
    ),
  ),
  'iss of Microsoft Entra (login.microsoftonline.com)': invalid(
    'issuer not accepted',
    (p) =>
      bearer(
        p.platform.mint({
          claims: {
            iss: `https://login.microsoftonline.com/${p.platform.tenantId}/v2.0`,
          },
        }),
      ),
  ),
  'iss of Microsoft Entra v1 (sts.windows.net)': invalid(
    'issuer not accepted',
    (p) =>
      bearer(
        p.platform.mint({
          claims: { iss: `https://sts.windows.net/${p.platform.tenantId}/` },
        }),
      ),
  ),
  'iss with a trailing slash': invalid('issuer not accepted', (p) =>
    bearer(
      p.platform.mint({ claims: { iss: 'https://api.botframework.com/' } }),
    ),
  ),
  'tid missing': invalid('token has no tenant', (p) =>
    bearer(p.platform.mint({ claims: { tid: undefined } })),
  ),
  'tenant outside allowedTenants': {
    status: 403,
    challenge: 'none',
    reason: 'tenant not allowed',
    attack: (p) => bearer(p.platform.mint({ claims: { tid: OTHER_TENANT } })),
  },
  'Bot Framework messaging token (signed by a key the calling source does not publish)':
    invalid('unknown signing key', ({ platform, botFramework }) =>
      bearer(
        botFramework.mint({
          claims: {
            aud: platform.appId,
            tid: platform.tenantId,
            serviceurl: 'https://smba.trafficmanager.net/teams/',
          },
        }),
      ),
    ),

  // Encoding and structure.
  'standard base64 with padding instead of base64url': {
    status: 401,
    challenge: 'invalid_request',
    reason: 'malformed Authorization header',
    attack: ({ platform }) => {
      // Claims whose JSON needs padding put a `=` inside the token, where RFC 6750 allows none.
      const jti = ['', 'x', 'xx'].find(
        (pad) => JSON.stringify(platform.claims({ jti: pad })).length % 3 !== 0,
      );
      const parts = segments(platform.mint({ claims: { jti } }));
      return bearer(parts.map((s) => toStandardBase64(s, true)).join('.'));
    },
  },
  'standard base64 without padding (+ or / in the signature)': invalid(
    'malformed token',
    ({ platform }) => {
      // A signature without `-` or `_` reads the same in both alphabets: take one that has them.
      for (let i = 0; ; i++) {
        const [h, c, s] = segments(platform.mint({ claims: { jti: `b${i}` } }));
        if (/[-_]/.test(s))
          return bearer(`${h}.${c}.${toStandardBase64(s, false)}`);
      }
    },
  ),
  'four segments': invalid('malformed token', (p) =>
    bearer(`${p.platform.mint()}.${'A'.repeat(43)}`),
  ),
  'all segments empty': invalid('malformed token', () => bearer('..')),
  'empty claims segment': invalid('malformed token', (p) => {
    const [h, , s] = segments(p.platform.mint());
    return bearer(`${h}..${s}`);
  }),
  'header that is not JSON': invalid('malformed token header', (p) => {
    const [, c, s] = segments(p.platform.mint());
    return bearer(
      `${Buffer.from('{alg:RS256').toString('base64url')}.${c}.${s}`,
    );
  }),
  'header that is JSON but not an object': invalid(
    'malformed token header',
    (p) => {
      const [, c, s] = segments(p.platform.mint());
      return bearer(`${encodeSegment(['RS256'])}.${c}.${s}`);
    },
  ),
  'a 9 KB token': invalid('token too large', (p) =>
    bearer(p.platform.mint({ claims: { padding: 'x'.repeat(9 * 1024) } })),
  ),

  // The Authorization header itself.
  'no Authorization header': {
    status: 401,
    challenge: 'bare',
    attack: () => ({ headers: [], secret: '' }),
  },
  'the token in an Authentication header (the seed page misspells it)': {
    status: 401,
    challenge: 'bare',
    attack: (p) => {
      const token = p.platform.mint();
      return {
        headers: [['Authentication', `Bearer ${token}`]],
        secret: token,
      };
    },
  },
  'the token in the query string (RFC 6750 section 2.3 is not supported)': {
    status: 401,
    challenge: 'bare',
    attack: (p) => {
      const token = p.platform.mint();
      return { headers: [], query: `access_token=${token}`, secret: token };
    },
  },
  'the Basic scheme': {
    status: 401,
    challenge: 'bare',
    attack: () => {
      const credentials = Buffer.from('bot:password').toString('base64');
      return {
        headers: [['Authorization', `Basic ${credentials}`]],
        secret: credentials,
      };
    },
  },
  'two Authorization headers, both valid': {
    status: 401,
    challenge: 'invalid_request',
    reason: 'more than one Authorization header',
    attack: (p) => {
      const token = p.platform.mint();
      return {
        headers: [
          ['Authorization', `Bearer ${token}`],
          ['Authorization', `Bearer ${token}`],
        ],
        secret: token,
      };
    },
  },
  'two Authorization headers, a forged one first (Node keeps only the first)': {
    status: 401,
    challenge: 'invalid_request',
    reason: 'more than one Authorization header',
    attack: (p) => {
      const token = p.platform.mint();
      return {
        headers: [
          [
            'Authorization',
            `Bearer ${p.platform.mint({ header: { alg: 'none' } })}`,
          ],
          ['authorization', `Bearer ${token}`],
        ],
        secret: token,
      };
    },
  },
  'two tokens in one Authorization header': {
    status: 401,
    challenge: 'invalid_request',
    reason: 'malformed Authorization header',
    attack: (p) => {
      const token = p.platform.mint();
      return {
        headers: [['Authorization', `Bearer ${token}, Bearer ${token}`]],
        secret: token,
      };
    },
  },
};

describe.each(HTTP_PLATFORMS)(
  '%s: attack catalogue (POST /api/calls over HTTP)',
  (platform) => {
    const logs = new CapturedLogs();
    let parties: Parties;
    let app: INestApplication<App>;
    let handlers: CountingHandlers;

    beforeAll(async () => {
      const [platformSource, attacker, botFramework] = await Promise.all([
        LocalOpenIdProvider.start(),
        LocalOpenIdProvider.start(),
        LocalOpenIdProvider.start(),
      ]);
      parties = { platform: platformSource, attacker, botFramework };
      app = await startWebhookApp(
        platformSource,
        {
          allowedTenants: [platformSource.tenantId],
          clockToleranceSeconds: TOLERANCE,
        },
        logs,
        { platform, providers: [CountingHandlers] },
      );
      handlers = app.get(CountingHandlers);
    });
    afterAll(async () => {
      await app.close();
      await Promise.all(Object.values(parties).map((p) => p.close()));
    });
    beforeEach(() => {
      handlers.runs = 0;
      handlers.hold = undefined;
      logs.lines.length = 0;
    });

    /** Sends the incoming-call fixture with the attack's header lines, exactly as listed. */
    function send(attack: Attack): request.Test {
      const path = attack.query ? `/api/calls?${attack.query}` : '/api/calls';
      const req = request(baseUrlOf(app))
        .post(path)
        .set('Content-Type', 'application/json')
        .set('X-Microsoft-Skype-Message-ID', randomUUID());
      for (const [name, value] of attack.headers) {
        // superagent's set() would replace a repeated header; the raw lines go out one by one.
        const previous = req.get(name);
        req.set(
          name,
          (previous === undefined
            ? value
            : [previous, value]) as unknown as string,
        );
      }
      return req.send(graphFixture(INCOMING));
    }

    it('has at least 30 token cases', () => {
      expect(Object.keys(catalogue).length).toBeGreaterThanOrEqual(30);
    });

    it('accepts the platform token it is built around (the handler counter works)', async () => {
      const res = await send(bearer(parties.platform.mint()));
      expect(res.status).toBe(202);
      expect(handlers.runs).toBe(1);
    });

    it.each(Object.entries(catalogue))(
      'refuses %s',
      async (_name, { status, challenge, reason, attack }) => {
        const sent = attack(parties);
        const res = await send(sent);
        expectRefusal(res, { status, challenge }, sent.secret, logs);
        if (reason !== undefined && status === 401) {
          expect(res.headers['www-authenticate']).toContain(
            `error_description="${reason}"`,
          );
        }
        if (reason !== undefined) expect(res.body.message).toBe(reason);
        expect(handlers.runs).toBe(0);
        // Keys come from the configured source only, whatever the token names.
        expect(parties.attacker.requests).toEqual({
          configuration: 0,
          jwks: 0,
        });
        expect(parties.botFramework.requests).toEqual({
          configuration: 0,
          jwks: 0,
        });
      },
    );

    it('refreshes its own keys at most once for the whole catalogue (one refresh cool-down, 10 s by default)', async () => {
      parties.platform.resetCounters();
      for (const { attack } of Object.values(catalogue)) {
        await send(attack(parties));
      }
      expect(parties.platform.requests.jwks).toBeLessThanOrEqual(1);
      expect(handlers.runs).toBe(0);
    });

    // RFC 7235 section 2.1: the auth-scheme is case-insensitive, so `bearer` is the same scheme.
    it.each(['bearer', 'BEARER'])(
      'accepts a valid token under the scheme written %s (RFC 7235)',
      async (scheme) => {
        const res = await send({
          headers: [['Authorization', `${scheme} ${parties.platform.mint()}`]],
          secret: '',
        });
        expect(res.status).toBe(202);
        expect(handlers.runs).toBe(1);
      },
    );

    it('runs handlers once for a replayed notification that arrives while the first is still running', async () => {
      // Answered as soon as it is queued, so that the replay's answer proves it arrived while the
      // first delivery's handler still runs; it then waits for its call's turn.
      const quick = await startWebhookApp(
        parties.platform,
        { acknowledge: 'immediately' },
        new CapturedLogs(),
        { platform, providers: [CountingHandlers] },
      );
      const counting = quick.get(CountingHandlers);
      const gate = deferred();
      counting.hold = gate.promise;
      const token = parties.platform.mint();
      const headers = { 'X-Microsoft-Skype-Message-ID': randomUUID() };
      const deliver = () =>
        post(quick, { token, body: graphFixture(INCOMING), headers });
      expect((await deliver()).status).toBe(202);
      await vi.waitFor(() => expect(counting.runs).toBe(1));
      expect((await deliver()).status).toBe(202);
      gate.resolve();
      // Closing waits for the notifications still being handled, the replay's turn included.
      await quick.close();
      expect(counting.runs).toBe(1);
    });
  },
);
