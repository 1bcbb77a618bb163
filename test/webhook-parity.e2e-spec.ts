import type { INestApplication } from '@nestjs/common';
import { byTenant, type CallingWebhookOptions } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { Response } from 'supertest';
import type { App } from 'supertest/types.js';
import { fixtureText, jsonFixtureTexts } from './support/fixture-files.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post, type WebhookPost } from './support/webhook-client.js';

// The same request gets the same answer on Express and Fastify: status, the headers a client
// acts on (WWW-Authenticate, Location, Retry-After, Content-Type) and the error body. One row per
// answer the pipeline can give; each row is sent to an app of each platform, configured alike.

const ESTABLISHED = fixtureText(
  'graph',
  'v1.0__call-answer__03__notification-established.json',
);
const LEGACY = jsonFixtureTexts('legacy')[0][1];
const EMEA = 'https://emea.bot.example.com';
const MOVED_TENANT = '11111111-1111-4111-8111-111111111111';
const STRANGER = '99999999-9999-4999-8999-999999999999';
const LIMIT = 8 * 1024;

/** What a client sees of an answer. */
function seen(res: Response) {
  return {
    status: res.status,
    'www-authenticate': res.headers['www-authenticate'] as unknown,
    location: res.headers.location as unknown,
    'retry-after': res.headers['retry-after'] as unknown,
    'content-type': res.headers['content-type'] as unknown,
    body: res.text,
  };
}

type Row = [
  name: string,
  request: (p: LocalOpenIdProvider) => WebhookPost,
  status: number,
];

const rows: Row[] = [
  ['no token', () => ({ token: null }), 401],
  ['a malformed token', () => ({ token: 'abc.def' }), 401],
  [
    'an expired token',
    (p) => ({ token: p.mint({ claims: { exp: 1_000 } }) }),
    401,
  ],
  [
    'two Authorization headers',
    (p) => ({
      token: null,
      headers: {
        Authorization: [
          `Bearer ${p.mint()}`,
          `Bearer ${p.mint()}`,
        ] as unknown as string,
      },
    }),
    401,
  ],
  [
    'a tenant not allowed',
    (p) => ({ token: p.mint({ claims: { tid: STRANGER } }) }),
    403,
  ],
  [
    'text/plain',
    (p) => ({
      token: p.mint(),
      body: 'hello',
      headers: { 'Content-Type': 'text/plain' },
    }),
    415,
  ],
  [
    'a body over bodyLimit',
    (p) => ({ token: p.mint(), body: `{"x":"${'a'.repeat(LIMIT)}"}` }),
    413,
  ],
  ['malformed JSON', (p) => ({ token: p.mint(), body: '{"value": [' }), 400],
  ['an empty body', (p) => ({ token: p.mint(), body: '' }), 400],
  ['neither format', (p) => ({ token: p.mint(), body: '{"value":5}' }), 400],
  [
    'more notifications than maxNotificationsPerRequest',
    (p) => {
      const one = (JSON.parse(ESTABLISHED) as { value: unknown[] }).value[0];
      return { token: p.mint(), body: { value: [one, one, one] } };
    },
    413,
  ],
  ['a legacy body', (p) => ({ token: p.mint(), body: LEGACY }), 204],
  [
    'a notification for another region',
    (p) => ({
      token: p.mint({ claims: { tid: MOVED_TENANT } }),
      body: ESTABLISHED,
      path: '/api/calls?x=a%20b',
    }),
    302,
  ],
  [
    'a notification for another partition',
    (p) => ({ token: p.mint(), body: ESTABLISHED, path: '/api/calls/p2' }),
    307,
  ],
  [
    'a Graph notification',
    (p) => ({ token: p.mint(), body: ESTABLISHED }),
    202,
  ],
];

describe('the same answers on Express and Fastify', () => {
  let provider: LocalOpenIdProvider;
  let keyless: LocalOpenIdProvider;
  const apps = new Map<HttpPlatform, INestApplication<App>>();
  const keylessApps = new Map<HttpPlatform, INestApplication<App>>();

  beforeAll(async () => {
    [provider, keyless] = await Promise.all([
      LocalOpenIdProvider.start(),
      LocalOpenIdProvider.start(),
    ]);
    keyless.outageStatus = 503;
    const options: Partial<CallingWebhookOptions> = {
      allowedTenants: [provider.tenantId, MOVED_TENANT],
      bodyLimit: LIMIT,
      maxNotificationsPerRequest: 2,
      regionAffinity: {
        currentRegion: 'amer',
        deployments: { emea: EMEA },
        resolver: byTenant({ [MOVED_TENANT]: 'emea' }),
      },
      partition: {
        id: 'p1',
        publicUrl: 'https://p1.bot.example.com',
        peers: { p2: 'https://p2.bot.example.com' },
        redirectStatus: 307,
      },
    };
    for (const platform of HTTP_PLATFORMS) {
      apps.set(
        platform,
        await startWebhookApp(provider, options, new CapturedLogs(), {
          platform,
        }),
      );
      keylessApps.set(
        platform,
        await startWebhookApp(keyless, {}, new CapturedLogs(), { platform }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(
      [...apps.values(), ...keylessApps.values()].map((app) => app.close()),
    );
    await Promise.all([provider.close(), keyless.close()]);
  });

  it.each(rows)('%s: %s', async (_name, request, status) => {
    const answers = [];
    for (const platform of HTTP_PLATFORMS) {
      answers.push(seen(await post(apps.get(platform)!, request(provider))));
    }
    expect(answers[0].status).toBe(status);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('no signing key to be had: 503 with the same Retry-After and body', async () => {
    const answers = [];
    for (const platform of HTTP_PLATFORMS) {
      answers.push(
        seen(await post(keylessApps.get(platform)!, { token: keyless.mint() })),
      );
    }
    expect(answers[0]).toMatchObject({ status: 503, 'retry-after': '1' });
    expect(answers[1]).toEqual(answers[0]);
  });
});
