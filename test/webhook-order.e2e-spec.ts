import type { INestApplication } from '@nestjs/common';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { fixtureText } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { openRequest, release } from './support/raw-http.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';

// What the pipeline's order promises, seen on the wire: nothing of a body is read before the
// token is valid, nor past what its headers already refuse. A request whose body never ends
// still gets its answer; a refused one gets `Connection: close` and the connection is closed
// (draining an unread body to keep it would let any client make the server take in anything);
// `Expect: 100-continue` invites the body only once the token is valid.

const LIMIT = 64 * 1024;
const INCOMING = fixtureText(
  'graph',
  'v1.0__call-answer__01__notification-incoming.json',
);

describe.each(HTTP_PLATFORMS)('%s: the token before the body', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    app = await startWebhookApp(
      provider,
      { bodyLimit: LIMIT },
      new CapturedLogs(),
      { platform },
    );
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  const json = { 'content-type': 'application/json' };
  const refusedTokens: [
    string,
    (p: LocalOpenIdProvider) => string | undefined,
  ][] = [
    ['no token', () => undefined],
    ['a malformed token', () => 'Bearer not-a-token'],
    ['an expired token', (p) => `Bearer ${p.mint({ claims: { exp: 1_000 } })}`],
    [
      'a token of an unknown key',
      (p) =>
        `Bearer ${p.mint({ signingKey: LocalOpenIdProvider.createKey() })}`,
    ],
  ];

  it.each(refusedTokens)(
    'answers %s with 401 while its body is still coming, and closes the connection',
    async (_name, authorization) => {
      const header = authorization(provider);
      const exchange = openRequest(app, {
        ...json,
        'content-length': 10 * 1024 * 1024,
        ...(header === undefined ? {} : { authorization: header }),
      });
      exchange.request.write('{"value":[');
      const res = await exchange.response;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(res.headers.connection).toBe('close');
      await exchange.closed;
    },
  );

  it('answers 413 to a valid token whose Content-Length is over bodyLimit, before any of the body is sent', async () => {
    const exchange = openRequest(app, {
      ...json,
      authorization: `Bearer ${provider.mint()}`,
      'content-length': LIMIT + 1,
    });
    const res = await exchange.response;
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({
      statusCode: 413,
      message: expect.stringContaining('bodyLimit') as unknown,
    });
    expect(res.headers.connection).toBe('close');
    await exchange.closed;
  });

  it('answers 415 to a valid token with a body that is not JSON, before any of it is sent', async () => {
    const exchange = openRequest(app, {
      'content-type': 'text/plain',
      authorization: `Bearer ${provider.mint()}`,
      'content-length': 1_000,
    });
    const res = await exchange.response;
    expect(res.status).toBe(415);
    expect(res.headers.connection).toBe('close');
    await exchange.closed;
  });

  it('keeps the connection of an accepted notification open', async () => {
    const exchange = openRequest(app, {
      ...json,
      authorization: `Bearer ${provider.mint()}`,
      'content-length': Buffer.byteLength(INCOMING),
    });
    exchange.request.end(INCOMING);
    const res = await exchange.response;
    expect(res.status).toBe(202);
    expect(res.headers.connection).toBe('keep-alive');
    release(exchange);
  });

  describe('Expect: 100-continue', () => {
    const expecting = { ...json, expect: '100-continue' };

    it.each(refusedTokens)(
      'answers %s with 401 and no 100 Continue, and closes the connection',
      async (_name, authorization) => {
        const header = authorization(provider);
        const exchange = openRequest(app, {
          ...expecting,
          'content-length': 10 * 1024 * 1024,
          ...(header === undefined ? {} : { authorization: header }),
        });
        const res = await exchange.response;
        expect(res.status).toBe(401);
        expect(exchange.continued()).toBe(false);
        expect(res.headers.connection).toBe('close');
        await exchange.closed;
      },
    );

    it('answers 403 to a tenant not allowed with no 100 Continue', async () => {
      const other = await startWebhookApp(
        provider,
        { allowedTenants: ['someone-else'] },
        new CapturedLogs(),
        { platform },
      );
      try {
        const exchange = openRequest(other, {
          ...expecting,
          authorization: `Bearer ${provider.mint()}`,
          'content-length': 1_000,
        });
        const res = await exchange.response;
        expect(res.status).toBe(403);
        expect(exchange.continued()).toBe(false);
        await exchange.closed;
      } finally {
        await other.close();
      }
    });

    it('sends 100 Continue to a valid token, then reads the body and answers 202', async () => {
      const exchange = openRequest(app, {
        ...expecting,
        authorization: `Bearer ${provider.mint()}`,
        'content-length': Buffer.byteLength(INCOMING),
      });
      await vi.waitFor(() => expect(exchange.continued()).toBe(true));
      exchange.request.end(INCOMING);
      const res = await exchange.response;
      expect(res.status).toBe(202);
      release(exchange);
    });

    it.each([
      ['413 to a Content-Length over bodyLimit', 413, json, LIMIT + 1],
      [
        '415 to a body that is not JSON',
        415,
        { 'content-type': 'text/plain' },
        100,
      ],
    ])(
      'answers a valid token %s with no 100 Continue',
      async (_name, status, type, length) => {
        const exchange = openRequest(app, {
          ...type,
          expect: '100-continue',
          authorization: `Bearer ${provider.mint()}`,
          'content-length': length,
        });
        const res = await exchange.response;
        expect(res.status).toBe(status);
        expect(exchange.continued()).toBe(false);
        expect(res.headers.connection).toBe('close');
        await exchange.closed;
      },
    );

    it('leaves a request to another route to the app (100 Continue as usual)', async () => {
      const exchange = openRequest(
        app,
        { ...expecting, 'content-length': 2 },
        '/elsewhere',
      );
      await vi.waitFor(() => expect(exchange.continued()).toBe(true));
      exchange.request.end('{}');
      expect((await exchange.response).status).toBe(404);
      release(exchange);
    });
  });
});
