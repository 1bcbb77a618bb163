import { randomUUID } from 'node:crypto';
import { Injectable, type INestApplication } from '@nestjs/common';
import { OnCallNotification } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import {
  fixtureText,
  jsonFixtureTexts,
  STACK_TRACE,
} from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

const LEGACY = jsonFixtureTexts('legacy');
const GRAPH = [...jsonFixtureTexts('graph'), ...jsonFixtureTexts('seed-doc')];

/** Counts the notifications that reached a handler (a catch-all sees every one). */
@Injectable()
class NotificationCounter {
  count = 0;

  @OnCallNotification()
  seen(): void {
    this.count += 1;
  }
}

describe.each(HTTP_PLATFORMS)('%s: protocol determination', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  let handler: NotificationCounter;
  const logs = new CapturedLogs();
  const post = (body: string, path = '/api/calls') =>
    postTo(app, {
      token: provider.mint(),
      body,
      path,
      headers: { 'X-Microsoft-Skype-Message-ID': randomUUID() },
    });

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    app = await startWebhookApp(provider, {}, logs, {
      platform,
      providers: [NotificationCounter],
    });
    handler = app.get(NotificationCounter);
  });
  beforeEach(() => {
    handler.count = 0;
    logs.lines.length = 0;
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  it.each(LEGACY)(
    'answers legacy %s with an empty 204, runs no handler and logs its id',
    async (_name, text) => {
      const res = await post(text);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(handler.count).toBe(0);
      const id = (JSON.parse(text) as { id: string }).id;
      expect(
        logs.lines.filter((l) => l.includes('Legacy') && l.includes(id)),
      ).not.toHaveLength(0);
    },
  );

  it.each(GRAPH)(
    'passes Graph %s on to the handlers (202)',
    async (_n, text) => {
      const res = await post(text);
      expect(res.status).toBe(202);
      const { value } = JSON.parse(text) as { value: unknown[] };
      expect(handler.count).toBe(value.length);
    },
  );

  it('answers a legacy body on a partition route with 204 too', async () => {
    const res = await post(LEGACY[0][1], '/api/calls/some-partition');
    expect(res.status).toBe(204);
  });

  it.each([
    ['an empty object', '{}'],
    ['an array', '[]'],
    ['a non-array value', '{"value":5}'],
    ['a JSON string', '"value"'],
    ['null', 'null'],
    ['a number', '5'],
    ['malformed JSON', '{"value": ['],
    [
      'the verbatim seed-doc text',
      fixtureText(
        'seed-doc',
        'msteams-docs_call-notifications__older-shape.verbatim-invalid.txt',
      ),
    ],
  ])('refuses %s with a short 400 and no handler', async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400 });
    expect(res.text.length).toBeLessThan(300);
    expect(res.text).not.toMatch(STACK_TRACE);
    expect(handler.count).toBe(0);
  });

  it('refuses a legacy body without a token with 401, not 204', async () => {
    const res = await postTo(app, { token: null, body: LEGACY[0][1] });
    expect(res.status).toBe(401);
  });

  it('refuses an invalid body without a token with 401: the body is not judged first', async () => {
    const res = await postTo(app, { token: null, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('writes no stack trace and no token in any log line', async () => {
    // One request of each outcome above, so the lines of each are there to check.
    expect((await post(LEGACY[0][1])).status).toBe(204);
    expect((await post(GRAPH[0][1])).status).toBe(202);
    expect((await post('{"value":5}')).status).toBe(400);
    expect((await postTo(app, { token: 'x.y.z' })).status).toBe(401);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) {
      expect(line).not.toMatch(STACK_TRACE);
      expect(line).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
  });
});
