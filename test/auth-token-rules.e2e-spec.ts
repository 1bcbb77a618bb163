import type { INestApplication } from '@nestjs/common';
import { OpenIdKeySource } from 'nestjs-calling-webhook';
import {
  encodeSegment,
  LocalOpenIdProvider,
  signHs256,
  signPs256,
  signRs256,
} from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { expectChallenge, expectRefusal } from './support/auth-expectations.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

// One accept or refuse rule of DESIGN.md "Token rules" per row, each sent over real HTTP.

const SECOND_APP_ID = '22222222-aaaa-4bbb-8ccc-222222222222';
const TOLERANCE = 300;
const now = (): number => Math.floor(Date.now() / 1000);

type TokenFactory = (provider: LocalOpenIdProvider) => string;

/** Replaces the signature segment (or drops it) of an otherwise valid token. */
function withSignature(token: string, signature: string | undefined): string {
  const [header, claims] = token.split('.');
  return signature === undefined
    ? `${header}.${claims}`
    : `${header}.${claims}.${signature}`;
}

const accepted: [string, TokenFactory][] = [
  ['an RS256 token signed with a published key', (p) => p.mint()],
  [
    'an aud array that contains the App ID',
    (p) => p.mint({ claims: { aud: ['api://someone-else', p.appId] } }),
  ],
  [
    'the second of several configured App IDs',
    (p) => p.mint({ claims: { aud: SECOND_APP_ID } }),
  ],
  ['a cty "JWT" header', (p) => p.mint({ header: { cty: 'JWT' } })],
  [
    'no iat (real tokens lack it)',
    (p) => p.mint({ claims: { iat: undefined } }),
  ],
  [
    'exp passed, but within the clock tolerance',
    (p) =>
      p.mint({
        claims: {
          iat: now() - 600,
          nbf: now() - 600,
          exp: now() - (TOLERANCE - 30),
        },
      }),
  ],
  [
    'nbf and iat ahead, but within the clock tolerance',
    (p) =>
      p.mint({
        claims: { nbf: now() + TOLERANCE - 30, iat: now() + TOLERANCE - 30 },
        lifetimeSeconds: 900,
      }),
  ],
  [
    'the issuer https://graph.microsoft.com',
    (p) => p.mint({ claims: { iss: 'https://graph.microsoft.com' } }),
  ],
  ['a key named by x5t only', (p) => p.mint({ header: { kid: undefined } })],
];

// `inspection`: refused before any key lookup (true for every rule that needs no key).
const refused: [string, TokenFactory, { inspection: boolean }][] = [
  [
    'alg none without a signature',
    (p) => withSignature(p.mint({ header: { alg: 'none' } }), ''),
    { inspection: true },
  ],
  [
    'alg none with a signature',
    (p) => p.mint({ header: { alg: 'none' } }),
    { inspection: true },
  ],
  [
    'alg NoNe',
    (p) => p.mint({ header: { alg: 'NoNe' } }),
    { inspection: true },
  ],
  [
    'HS256 signed with the public key PEM as HMAC secret',
    (p) =>
      signHs256(
        p.header({ alg: 'HS256' }),
        p.claims(),
        p.currentKey.publicKey.export({ type: 'spki', format: 'pem' }),
      ),
    { inspection: true },
  ],
  [
    'PS256 (a real RSA-PSS signature of the published key)',
    (p) =>
      signPs256(
        p.header({ alg: 'PS256' }),
        p.claims(),
        p.currentKey.privateKey,
      ),
    { inspection: true },
  ],
  [
    'a stripped signature (two segments)',
    (p) => withSignature(p.mint(), undefined),
    { inspection: true },
  ],
  [
    'a stripped signature (empty third segment)',
    (p) => withSignature(p.mint(), ''),
    { inspection: true },
  ],
  [
    'a signature of another key under a published kid',
    (p) =>
      p.mint({
        signingKey: {
          ...LocalOpenIdProvider.createKey(),
          kid: p.currentKey.kid,
        },
      }),
    { inspection: false },
  ],
  [
    'claims changed after signing',
    (p) => {
      const [header, , signature] = p.mint().split('.');
      return `${header}.${encodeSegment(p.claims({ tid: 'another-tenant' }))}.${signature}`;
    },
    { inspection: false },
  ],
  [
    'no exp',
    (p) => p.mint({ claims: { exp: undefined } }),
    { inspection: true },
  ],
  [
    'nbf in the future beyond the tolerance',
    (p) =>
      p.mint({ claims: { nbf: now() + TOLERANCE + 30 }, lifetimeSeconds: 900 }),
    { inspection: true },
  ],
  [
    'iat in the future beyond the tolerance',
    (p) =>
      p.mint({ claims: { iat: now() + TOLERANCE + 30 }, lifetimeSeconds: 900 }),
    { inspection: true },
  ],
  [
    'expired beyond the tolerance',
    (p) =>
      p.mint({
        claims: {
          iat: now() - 900,
          nbf: now() - 900,
          exp: now() - TOLERANCE - 30,
        },
      }),
    { inspection: true },
  ],
  [
    'a wrong aud',
    (p) => p.mint({ claims: { aud: 'api://another-bot' } }),
    { inspection: true },
  ],
  [
    'an aud array without the App ID',
    (p) => p.mint({ claims: { aud: ['api://another-bot', 'x'] } }),
    { inspection: true },
  ],
  [
    'no aud',
    (p) => p.mint({ claims: { aud: undefined } }),
    { inspection: true },
  ],
  [
    'a wrong iss',
    (p) => p.mint({ claims: { iss: 'https://sts.windows.net/evil/' } }),
    { inspection: true },
  ],
  [
    'no tid',
    (p) => p.mint({ claims: { tid: undefined } }),
    { inspection: true },
  ],
  [
    'an unknown crit header',
    (p) =>
      p.mint({
        header: { crit: ['urn:example:unknown'], 'urn:example:unknown': 1 },
      }),
    { inspection: true },
  ],
  [
    'a token over 8 KiB',
    (p) => p.mint({ claims: { padding: 'x'.repeat(8 * 1024) } }),
    { inspection: true },
  ],
  [
    'four segments',
    (p) => `${p.mint()}.${'A'.repeat(20)}`,
    { inspection: true },
  ],
  [
    'a segment that is not base64url',
    (p) => {
      const [header, claims, signature] = p.mint().split('.');
      return `${header}.${claims}+.${signature}`;
    },
    { inspection: true },
  ],
  [
    'a header that is not JSON',
    (p) => {
      const [, claims, signature] = p.mint().split('.');
      return `${Buffer.from('not json').toString('base64url')}.${claims}.${signature}`;
    },
    { inspection: true },
  ],
  [
    'an RS256 token of a key never published (unknown kid)',
    (p) => p.mint({ signingKey: LocalOpenIdProvider.createKey() }),
    { inspection: false },
  ],
];

describe.each(HTTP_PLATFORMS)(
  '%s: token rules (POST /api/calls over HTTP)',
  (platform) => {
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    let keySource: OpenIdKeySource;
    const logs = new CapturedLogs();

    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
      // The cache is off so that every accepted token goes through the whole verification.
      app = await startWebhookApp(
        provider,
        {
          appId: [provider.appId, SECOND_APP_ID],
          clockToleranceSeconds: TOLERANCE,
          verifiedTokenCacheSize: 0,
          keyRefreshCooldownMs: 0,
        },
        logs,
        { platform },
      );
      keySource = app.get(OpenIdKeySource);
    });
    afterAll(async () => {
      await app.close();
      await provider.close();
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const post = (authorization?: string) =>
      postTo(app, {
        token: null,
        headers:
          authorization === undefined ? {} : { Authorization: authorization },
      });

    it.each(accepted)('accepts %s', async (_name, makeToken) => {
      const token = makeToken(provider);
      const res = await post(`Bearer ${token}`);
      expect(res.status).toBe(202);
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it.each(refused)(
      'refuses %s with 401 invalid_token',
      async (_name, makeToken, { inspection }) => {
        await keySource.refresh();
        // Every key lookup, held or fetched, goes through knownKey.
        const keyLookup = vi.spyOn(keySource, 'knownKey');
        const token = makeToken(provider);
        const res = await post(`Bearer ${token}`);
        expectRefusal(
          res,
          { status: 401, challenge: 'invalid_token' },
          token,
          logs,
        );
        if (inspection) expect(keyLookup).not.toHaveBeenCalled();
        else expect(keyLookup).toHaveBeenCalled();
      },
    );

    it('refuses a request without Authorization with a bare challenge', async () => {
      const res = await post();
      expectRefusal(res, { status: 401, challenge: 'bare' }, '', logs);
      expect(res.body).toMatchObject({ statusCode: 401 });
    });

    it('refuses the Basic scheme with a bare challenge (no bearer token was sent)', async () => {
      const credentials = Buffer.from('bot:secret-password').toString('base64');
      const res = await post(`Basic ${credentials}`);
      expectRefusal(res, { status: 401, challenge: 'bare' }, credentials, logs);
    });

    it('refuses a token in an `Authentication` header (the misspelling of the docs)', async () => {
      const token = provider.mint();
      const res = await postTo(app, {
        token: null,
        headers: { Authentication: `Bearer ${token}` },
      });
      expectRefusal(res, { status: 401, challenge: 'bare' }, token, logs);
    });

    it.each(['bearer', 'BEARER', 'BeArEr'])(
      'accepts the scheme written %s',
      async (scheme) => {
        const res = await post(`${scheme} ${provider.mint()}`);
        expect(res.status).toBe(202);
      },
    );

    it('refuses a Bearer header without a token as invalid_request', async () => {
      const res = await post('Bearer');
      expectRefusal(
        res,
        { status: 401, challenge: 'invalid_request' },
        '',
        logs,
      );
    });

    it('refuses two Authorization headers as invalid_request', async () => {
      const token = provider.mint();
      const res = await post([
        `Bearer ${token}`,
        `Bearer ${token}`,
      ] as unknown as string);
      expectRefusal(
        res,
        { status: 401, challenge: 'invalid_request' },
        token,
        logs,
      );
    });

    it('never answers 500 to a hand-crafted token signed as given', async () => {
      const token = signRs256(
        { alg: 'RS256', kid: provider.currentKey.kid, typ: 'JWT' },
        { aud: provider.appId, iss: provider.issuer, tid: 7, exp: 'tomorrow' },
        provider.currentKey.privateKey,
      );
      const res = await post(`Bearer ${token}`);
      expectRefusal(
        res,
        { status: 401, challenge: 'invalid_token' },
        token,
        logs,
      );
      expectChallenge(res, 'invalid_token');
    });
  },
);

describe.each(HTTP_PLATFORMS)('%s: allowedTenants', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  const logs = new CapturedLogs();
  const ALLOWED = '33333333-3333-4333-8333-333333333333';

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    app = await startWebhookApp(provider, { allowedTenants: [ALLOWED] }, logs, {
      platform,
    });
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  it('answers 403 to a valid token of a tenant outside the list, every time', async () => {
    const token = provider.mint();
    for (let i = 0; i < 2; i++) {
      const res = await postTo(app, { token });
      expectRefusal(res, { status: 403, challenge: 'none' }, token, logs);
    }
  });

  it('accepts a token of an allowed tenant', async () => {
    const res = await postTo(app, {
      token: provider.mint({ claims: { tid: ALLOWED } }),
    });
    expect(res.status).toBe(202);
  });

  it('still answers 401, not 403, to an invalid token of another tenant', async () => {
    const token = provider.mint({ claims: { exp: undefined } });
    const res = await postTo(app, { token });
    expectRefusal(
      res,
      { status: 401, challenge: 'invalid_token' },
      token,
      logs,
    );
  });
});

describe.each(HTTP_PLATFORMS)('%s: refusals in the log', (platform) => {
  it('are counted and summarised in one line (here at shutdown), not logged one by one, never with the token', async () => {
    const provider = await LocalOpenIdProvider.start();
    const logs = new CapturedLogs();
    const app = await startWebhookApp(provider, {}, logs, { platform });
    const token = provider.mint({ claims: { exp: undefined } });
    for (let i = 0; i < 3; i++) {
      expect((await postTo(app, { token })).status).toBe(401);
    }
    const none = await postTo(app, { token: null, body: {} });
    expect(none.status).toBe(401);
    expect(
      logs.lines.filter((l) => l.includes('token has no valid expiry')),
    ).toEqual([]);
    await app.close();
    await provider.close();
    const summaries = logs.lines.filter((l) => l.startsWith('Refused '));
    expect(summaries).toEqual([
      'Refused 4 request(s) since the last summary (401 token has no valid expiry: 3, 401 missing bearer token: 1)',
    ]);
    expect(logs.lines.join('\n')).not.toContain(token.split('.')[2]);
  });
});
