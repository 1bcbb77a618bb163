import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { CallingWebhookSetupError } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { fixtureText, STACK_TRACE } from './support/fixture-files.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';

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
  const roster: unknown[] = [];
  while (JSON.stringify(roster).length < bytes) roster.push(...participants);
  body.value[0].resourceData = roster;
  return JSON.stringify(body);
}

/** Posts `chunks` with chunked transfer encoding (no Content-Length), as a streaming client does. */
function postChunked(
  app: INestApplication<App>,
  token: string,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  const { port } = (
    app.getHttpServer() as unknown as {
      address(): AddressInfo;
    }
  ).address();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/calls',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('notification bodies with the README setup (bodyParser: false)', () => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  let small: INestApplication<App>;
  const logs = new CapturedLogs();
  const twoMb = bigRosterNotification(2 * MB);
  const post = (
    target: INestApplication<App>,
    body: string,
    type = 'application/json',
  ) =>
    request(target.getHttpServer())
      .post('/api/calls')
      .set('Authorization', `Bearer ${provider.mint()}`)
      .set('Content-Type', type)
      .send(body);

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    const setup = { appOptions: { bodyParser: false } };
    app = await startWebhookApp(provider, {}, logs, setup);
    small = await startWebhookApp(provider, { bodyLimit: '1mb' }, logs, setup);
  });
  afterAll(async () => {
    await app.close();
    await small.close();
    await provider.close();
  });

  it('accepts a 2 MB roster notification under the default limit', async () => {
    expect(Buffer.byteLength(twoMb)).toBeGreaterThan(2 * MB);
    const res = await post(app, twoMb);
    expect(res.status).toBe(202);
  });

  it('refuses a body over bodyLimit with 413 (Content-Length known)', async () => {
    const res = await post(small, twoMb);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
    expect(res.body.message).toContain('bodyLimit');
  });

  it('refuses a streamed body over bodyLimit with 413 as soon as it passes the limit', async () => {
    const chunk = twoMb.slice(0, 256 * 1024);
    const res = await postChunked(small, provider.mint(), Array(6).fill(chunk));
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
    const res = await post(app, '{"value":[]}', type);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status });
  });

  it('accepts application/json with charset=utf-8 and +json types', async () => {
    expect(
      (await post(app, '{"value":[]}', 'application/json; charset=UTF-8'))
        .status,
    ).toBe(202);
    expect(
      (await post(app, '{"value":[]}', 'application/vnd.ms+json')).status,
    ).toBe(202);
  });

  it('refuses a compressed body with 415', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .set('Authorization', `Bearer ${provider.mint()}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"value":[]}');
    expect(res.status).toBe(415);
  });

  it('refuses malformed JSON with 400 without quoting it', async () => {
    const res = await post(app, '{"value": [ secret-looking-text');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the body is not valid JSON',
    });
  });

  it('refuses an empty body with 400', async () => {
    const res = await post(app, '');
    expect(res.status).toBe(400);
  });

  it('answers 401 to a 2 MB body without a token: no body is read before the token', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .set('Content-Type', 'application/json')
      .send(twoMb);
    expect(res.status).toBe(401);
  });

  it('answers 401, not 415, to text/plain without a token', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(401);
  });
});

describe("an Express app that keeps Nest's global body parser", () => {
  it('does not start, and the error says what to change', async () => {
    const provider = await LocalOpenIdProvider.start();
    const started = startWebhookApp(provider, {}, new CapturedLogs(), {
      appOptions: { bodyParser: true },
    });
    await expect(started).rejects.toBeInstanceOf(CallingWebhookSetupError);
    await expect(started).rejects.toThrow(
      'Create the app with NestFactory.create(AppModule, { bodyParser: false })',
    );
    await provider.close();
  });
});
