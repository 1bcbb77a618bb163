import type { INestApplication } from '@nestjs/common';
import {
  OpenIdKeySource,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import {
  LocalOpenIdProvider,
  type CannedResponse,
} from 'nestjs-calling-webhook/testing';
import { generateKeyPairSync } from 'node:crypto';
import type { App } from 'supertest/types.js';
import {
  expectNoKeys as expectNoKeysOf,
  expectRefusal,
} from './support/auth-expectations.js';
import { advanceClock, useFrozenClock } from './support/frozen-clock.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { useOpenIdProviders } from './support/openid-provider.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

// Faults of the key source (the OpenID configuration and its JWKS), served over real HTTP by the
// local provider. test/auth-key-source.e2e-spec.ts covers rotation, outages (cold, and longer than
// the refresh interval), recovery, slowness, floods and a refused foreign jwks_uri; this file
// covers what a broken or hostile answer looks like.

/** The `localhost` spelling of a provider URL: another host name for the same loopback server. */
const onLocalhost = (url: string) => url.replace('127.0.0.1', 'localhost');

const BIG = 300 * 1024; // over the 256 KiB cap of a key document
const faults: [string, CannedResponse, RegExp][] = [
  ['HTTP 500', { status: 500, body: '{}' }, /answered HTTP 500/],
  ['garbage', { body: '\u0000\u00ff garbage {' }, /answered malformed JSON/],
  [
    'an HTML page',
    { contentType: 'text/html', body: '<html><body>Sign in</body></html>' },
    /answered text\/html, not JSON/,
  ],
  [
    'JSON under a wrong content type',
    { contentType: 'text/plain', body: '{"keys":[]}' },
    /answered text\/plain, not JSON/,
  ],
  [
    'no content type at all',
    { contentType: '', body: '{"keys":[]}' },
    /answered no content type, not JSON/,
  ],
  [
    'a huge body announced by Content-Length',
    { body: `{"x":"${'a'.repeat(BIG)}"}` },
    /answered too large a document/,
  ],
  [
    'a huge body sent chunked (no length up front)',
    { body: `{"x":"${'a'.repeat(BIG)}"}`, chunked: true },
    /answered too large a document/,
  ],
  ['valid JSON that is not an object', { body: '[1,2,3]' }, /.+/],
];

describe.each(HTTP_PLATFORMS)('%s: faults of the key source', (platform) => {
  let provider: LocalOpenIdProvider;
  let elsewhere: LocalOpenIdProvider;
  let app: INestApplication<App>;
  let logs: CapturedLogs;

  async function start(
    options: Partial<CallingWebhookOptions> = {},
  ): Promise<void> {
    logs = new CapturedLogs();
    app = await startWebhookApp(provider, options, logs, { platform });
  }

  const post = (token: string) => postTo(app, { token });

  /** Asserts a cold start that could get no key: `503` + `Retry-After`, and the logged reason. */
  const expectNoKeys = (logged: string | RegExp) =>
    expectNoKeysOf(app, provider, logs, logged);

  useFrozenClock();
  const providers = useOpenIdProviders(2);
  beforeEach(() => {
    [provider, elsewhere] = providers;
  });
  afterEach(async () => {
    await app?.close();
  });

  describe.each(['configuration', 'jwks'] as const)(
    'the %s document',
    (document) => {
      it.each(faults)(
        'answering %s: 503 with Retry-After, no key',
        async (_name, canned, logged) => {
          provider.respondWith(document, canned);
          await start();
          await expectNoKeys(
            document === 'jwks' && logged.source === '.+'
              ? /could not be fetched/
              : logged,
          );
        },
      );

      it('redirecting to another host: not followed', async () => {
        const target =
          document === 'configuration'
            ? onLocalhost(elsewhere.openIdConfigurationUrl)
            : onLocalhost(elsewhere.jwksUri);
        provider.respondWith(document, {
          status: 302,
          headers: { location: target },
          body: '',
        });
        await start({ allowedJwksHosts: ['localhost'] });
        await expectNoKeys(/answered HTTP 302/);
        expect(elsewhere.requests).toEqual({ configuration: 0, jwks: 0 });
      });
    },
  );

  it('keeps the good RSA keys of a set that also holds EC, malformed, short and other-algorithm keys', async () => {
    const short = LocalOpenIdProvider.createKey(1024);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const good = provider.jwks().keys[0];
    provider.respondWith('jwks', {
      body: JSON.stringify({
        keys: [
          { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec', use: 'sig' },
          { kty: 'RSA', kid: 'broken', n: '!!not base64!!', e: 'AQAB' },
          { kty: 'RSA', kid: 'no-modulus', e: 'AQAB' },
          {
            ...short.publicKey.export({ format: 'jwk' }),
            kid: short.kid,
            alg: 'RS256',
          },
          { ...good, kid: 'rs384', alg: 'RS384' },
          'not a key',
          good,
        ],
      }),
    });
    await start();
    expect((await post(provider.mint())).status).toBe(202);
    expect(app.get(OpenIdKeySource).size).toBe(1);

    // A token of the 1024-bit key, published under its kid, is refused: the key was skipped.
    const weak = provider.mint({ signingKey: short });
    const res = await post(weak);
    expectRefusal(res, { status: 401, challenge: 'invalid_token' }, weak, logs);
    expect(res.headers['www-authenticate']).toContain('unknown signing key');
  });

  it('answers 503 when the key set holds no usable RSA key at all', async () => {
    const short = LocalOpenIdProvider.createKey(1024);
    provider.respondWith('jwks', {
      body: JSON.stringify({
        keys: [
          { ...short.publicKey.export({ format: 'jwk' }), kid: short.kid },
        ],
      }),
    });
    await start();
    await expectNoKeys(/no RSA signing key/);
  });

  it.each([
    ['no jwks_uri', {}],
    ['a jwks_uri that is not a string', { jwks_uri: ['http://127.0.0.1/'] }],
    [
      'a jwks_uri over plain http to a public host',
      { jwks_uri: 'http://keys.example.net/v1/keys' },
    ],
    ['a jwks_uri that is not a URL', { jwks_uri: 'keys' }],
  ])('answers 503 to a configuration with %s', async (_name, configuration) => {
    provider.respondWith('configuration', {
      body: JSON.stringify(configuration),
    });
    await start();
    await expectNoKeys(/no usable jwks_uri/);
    expect(provider.requests.jwks).toBe(0);
  });

  describe('a jwks_uri on another host than the configuration', () => {
    beforeEach(() => {
      provider.respondWith('configuration', {
        body: JSON.stringify({ jwks_uri: onLocalhost(elsewhere.jwksUri) }),
      });
    });

    it('is refused by default', async () => {
      await start();
      await expectNoKeys(/host localhost is not allowed/);
      expect(elsewhere.requests.jwks).toBe(0);
    });

    it('is used when its host is in allowedJwksHosts', async () => {
      await start({ allowedJwksHosts: ['localhost'] });
      expect((await post(elsewhere.mint())).status).toBe(202);
      expect(elsewhere.requests).toEqual({ configuration: 0, jwks: 1 });
    });
  });

  it('recovers from a broken key set once it is fixed, after the cool-down', async () => {
    provider.respondWith('jwks', {
      contentType: 'text/html',
      body: '<h1>503</h1>',
    });
    await start({ keyRefreshCooldownMs: 100 });
    await expectNoKeys(/not JSON/);
    provider.respondWith('jwks', undefined);
    advanceClock(150);
    expect((await post(provider.mint())).status).toBe(202);
    expect(logs.lines.join('\n')).toContain('fetched again after a failure');
  });
});
