import type { INestApplication } from '@nestjs/common';
import { CallingWebhookSetupError } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { fixtureText, STACK_TRACE } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { openRequest } from './support/raw-http.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

const MB = 1024 * 1024;

/** A real roster notification grown past `bytes` by repeating its participants. */
function bigRosterNotification(bytes: number): string {
  const body = JSON.parse(
    fixtureText(
      'graph',
      'v1.0__application-post-calls__05__notification-roster.json',
    ),
  ) as { value: { resourceData: unknown[] }[] };
  const participants = body.value[0].resourceData;
  const copies = Math.ceil(bytes / JSON.stringify(participants).length);
  body.value[0].resourceData = Array.from(
    { length: copies },
    () => participants,
  ).flat();
  return JSON.stringify(body);
}

const TWO_MB = bigRosterNotification(2 * MB);

/** Posts `chunks` with chunked transfer encoding (no Content-Length), as a streaming client does. */
async function postChunked(
  app: INestApplication<App>,
  token: string,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  const exchange = openRequest(app, {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  });
  for (const chunk of chunks) exchange.request.write(chunk);
  exchange.request.end();
  const res = await exchange.response;
  exchange.request.socket?.destroy();
  return { status: res.status, body: res.text };
}

describe.each(HTTP_PLATFORMS)(
  '%s: notification bodies with the README setup (bodyParser: false)',
  (platform) => {
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    let small: INestApplication<App>;
    const logs = new CapturedLogs();
    const postBody = (
      target: INestApplication<App>,
      body: string,
      type = 'application/json',
    ) =>
      post(target, {
        token: provider.mint(),
        body,
        headers: { 'Content-Type': type },
      });

    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
      app = await startWebhookApp(provider, {}, logs, { platform });
      small = await startWebhookApp(provider, { bodyLimit: '1mb' }, logs, {
        platform,
      });
    });
    afterAll(async () => {
      await app.close();
      await small.close();
      await provider.close();
    });

    it('accepts a 2 MB roster notification under the default limit', async () => {
      expect(Buffer.byteLength(TWO_MB)).toBeGreaterThan(2 * MB);
      const res = await postBody(app, TWO_MB);
      expect(res.status).toBe(202);
    });

    it('refuses a body over bodyLimit with 413 (Content-Length known)', async () => {
      const res = await postBody(small, TWO_MB);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413 });
      expect(res.body.message).toContain('bodyLimit');
    });

    it('refuses a streamed body over bodyLimit with 413 as soon as it passes the limit', async () => {
      const chunk = TWO_MB.slice(0, 256 * 1024);
      const res = await postChunked(
        small,
        provider.mint(),
        Array(6).fill(chunk),
      );
      expect(res.status).toBe(413);
      expect(res.body).not.toMatch(STACK_TRACE);
    });

    it('accepts a streamed body under the limit', async () => {
      const text = fixtureText(
        'graph',
        'v1.0__call-answer__01__notification-incoming.json',
      );
      const res = await postChunked(small, provider.mint(), [
        text.slice(0, 100),
        text.slice(100),
      ]);
      expect(res.status).toBe(202);
    });

    it.each([
      ['text/plain', 'text/plain', 415],
      ['form data', 'application/x-www-form-urlencoded', 415],
      ['a non-UTF-8 charset', 'application/json; charset=latin1', 415],
    ])('refuses %s with %s', async (_label, type, status) => {
      const res = await postBody(app, '{"value":[]}', type);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status });
    });

    it('accepts application/json with charset=utf-8 and +json types', async () => {
      expect(
        (await postBody(app, '{"value":[]}', 'application/json; charset=UTF-8'))
          .status,
      ).toBe(202);
      expect(
        (await postBody(app, '{"value":[]}', 'application/vnd.ms+json')).status,
      ).toBe(202);
    });

    it('refuses a compressed body with 415', async () => {
      const res = await post(app, {
        token: provider.mint(),
        body: '{"value":[]}',
        headers: { 'Content-Encoding': 'gzip' },
      });
      expect(res.status).toBe(415);
    });

    it('refuses malformed JSON with 400 without quoting it', async () => {
      const res = await postBody(app, '{"value": [ secret-looking-text');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the body is not valid JSON',
      });
    });

    it('refuses an empty body with 400', async () => {
      const res = await postBody(app, '');
      expect(res.status).toBe(400);
    });

    it('answers 401 to a 2 MB body without a token: no body is read before the token', async () => {
      const res = await post(app, { token: null, body: TWO_MB });
      expect(res.status).toBe(401);
    });

    it('answers 401, not 415, to text/plain without a token', async () => {
      const res = await post(app, {
        token: null,
        body: 'hello',
        headers: { 'Content-Type': 'text/plain' },
      });
      expect(res.status).toBe(401);
    });
  },
);

// Express-only by nature: a global JSON parser is Express middleware that reads every body
// before any route, so the module refuses to start on it. Fastify has no such middleware: its
// counterpart, below, is an app that keeps Nest's default Fastify parsers.
describe("express: an app that keeps Nest's global body parser", () => {
  it('does not start, and the error says what to change', async () => {
    const provider = await LocalOpenIdProvider.start();
    const started = startWebhookApp(provider, {}, new CapturedLogs(), {
      platform: 'express',
      appOptions: { bodyParser: true },
    });
    await expect(started).rejects.toBeInstanceOf(CallingWebhookSetupError);
    await expect(started).rejects.toThrow(
      'Create the app with NestFactory.create(AppModule, { bodyParser: false })',
    );
    await provider.close();
  });
});

describe("fastify: an app that keeps Nest's default body parsers (bodyParser: true)", () => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    app = await startWebhookApp(provider, {}, new CapturedLogs(), {
      platform: 'fastify',
      appOptions: { bodyParser: true },
    });
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  it("starts, and the webhook reads its own bodies: 2 MB passes Fastify's 1 MB limit", async () => {
    const res = await post(app, {
      token: provider.mint(),
      body: TWO_MB,
    });
    expect(res.status).toBe(202);
  });

  it("answers malformed JSON with the webhook's 400, not Fastify's", async () => {
    const res = await post(app, {
      token: provider.mint(),
      body: '{"value": [',
    });
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the body is not valid JSON',
    });
  });

  it('still reads nothing before the token: a bad token gets 401 while its body never ends', async () => {
    const exchange = openRequest(app, {
      'content-type': 'application/json',
      'content-length': 10 * MB,
      authorization: 'Bearer not-a-token',
    });
    exchange.request.write('{"value":[');
    const res = await exchange.response;
    expect(res.status).toBe(401);
    expect(res.headers.connection).toBe('close');
    await exchange.closed;
  });
});
