import type { INestApplication } from '@nestjs/common';
import {
  byTenant,
  CallbackUris,
  InvalidCallingWebhookOptionsError,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { fixtureText, jsonFixtureTexts } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, WebhookApps } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

const ESTABLISHED = fixtureText(
  'graph',
  'v1.0__call-answer__03__notification-established.json',
);
const LEGACY = jsonFixtureTexts('legacy')[1][1];
const PARTITION = {
  id: 'p1',
  publicUrl: 'https://p1.bot.example.com/',
  peers: { p2: 'https://p2.bot.example.com', 'p-3': 'http://10.0.0.3:8080' },
};

describe.each(HTTP_PLATFORMS)('%s: partitioned callback URIs', (platform) => {
  let provider: LocalOpenIdProvider;
  const apps = new WebhookApps(platform);

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
  });
  afterAll(async () => {
    await provider.close();
  });

  function appWith(
    options: Partial<CallingWebhookOptions>,
    logs = new CapturedLogs(),
  ): Promise<INestApplication<App>> {
    return apps.start(provider, options, logs);
  }

  function post(
    app: INestApplication<App>,
    path: string,
    body = ESTABLISHED,
    token: string | null = provider.mint(),
  ) {
    return postTo(app, { token, body, path });
  }

  describe('an instance on partition p1 with peers p2 and p-3', () => {
    const instance = new WebhookApps(platform);
    let app: INestApplication<App>;
    const logs = new CapturedLogs();
    beforeAll(async () => {
      app = await instance.start(provider, { partition: PARTITION }, logs);
    });
    afterAll(() => instance.close());
    beforeEach(() => {
      logs.lines.length = 0;
    });

    it('gives {publicUrl}/{path}/{id} as the callbackUri of answered calls', () => {
      expect(app.get(CallbackUris).forAnsweredCall()).toBe(
        'https://p1.bot.example.com/api/calls/p1',
      );
    });

    it('redirects a notification for a peer to {peer}/{path}/{peer}, query kept', async () => {
      const res = await post(app, '/api/calls/p2?attempt=2');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(
        'https://p2.bot.example.com/api/calls/p2?attempt=2',
      );
      const other = await post(app, '/api/calls/p-3');
      expect(other.headers.location).toBe('http://10.0.0.3:8080/api/calls/p-3');
    });

    it('handles its own partition (202)', async () => {
      expect((await post(app, '/api/calls/p1')).status).toBe(202);
    });

    it('still serves the main route (202)', async () => {
      expect((await post(app, '/api/calls')).status).toBe(202);
    });

    it('handles an unknown partition here, with a warning', async () => {
      const res = await post(app, '/api/calls/p9');
      expect(res.status).toBe(202);
      expect(
        logs.lines.filter((l) => l.includes('unknown partition "p9"')),
      ).toHaveLength(1);
    });

    it('does not repeat a malformed partition id in the log', async () => {
      const res = await post(app, '/api/calls/a%0Aforged%20line');
      expect(res.status).toBe(202);
      expect(logs.lines.some((l) => l.includes('forged'))).toBe(false);
      expect(logs.lines.some((l) => l.includes('(malformed id)'))).toBe(true);
    });

    it('runs the same guard: no token on a peer route is 401, not 302', async () => {
      const res = await post(app, '/api/calls/p2', ESTABLISHED, null);
      expect(res.status).toBe(401);
      expect(res.headers.location).toBeUndefined();
    });

    it('runs the same protocol rule: a legacy body on a peer route is 204, not 302', async () => {
      const res = await post(app, '/api/calls/p2', LEGACY);
      expect(res.status).toBe(204);
    });

    it('refuses an invalid body on a partition route with 400', async () => {
      expect((await post(app, '/api/calls/p1', '[]')).status).toBe(400);
    });
  });

  afterEach(() => apps.close());

  it('has its own redirect status (307), apart from the region one', async () => {
    const app = await appWith({
      partition: { ...PARTITION, redirectStatus: 307 },
      regionAffinity: { currentRegion: 'amer', deployments: {} },
    });
    const res = await post(app, '/api/calls/p2');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(
      'https://p2.bot.example.com/api/calls/p2',
    );
  });

  it('leaves partition routes to the partition rule, not the region resolver', async () => {
    const app = await appWith({
      partition: PARTITION,
      regionAffinity: {
        currentRegion: 'amer',
        deployments: { emea: 'https://emea.bot.example.com' },
        resolver: byTenant({ [provider.tenantId]: 'emea' }),
      },
    });
    expect((await post(app, '/api/calls/p1')).status).toBe(202);
    expect((await post(app, '/api/calls')).status).toBe(302);
  });

  it('handles every partition route here when no partition is configured, with a warning', async () => {
    const logs = new CapturedLogs();
    const app = await appWith({}, logs);
    expect((await post(app, '/api/calls/p2')).status).toBe(202);
    expect(logs.lines.some((l) => l.includes('unknown partition "p2"'))).toBe(
      true,
    );
  });

  it.each<[string, Partial<CallingWebhookOptions>, string | undefined]>([
    [
      'publicUrl without partition',
      { publicUrl: 'https://bot.example.com/' },
      'https://bot.example.com/api/calls',
    ],
    ['neither', {}, undefined],
    [
      'a custom path',
      {
        partition: PARTITION,
        path: 'bot/calls',
      } as Partial<CallingWebhookOptions>,
      'https://p1.bot.example.com/bot/calls/p1',
    ],
  ])('gives the callbackUri with %s', async (_label, options, expected) => {
    const app = await appWith(options);
    expect(app.get(CallbackUris).forAnsweredCall()).toBe(expected);
  });

  it.each<[string, Partial<CallingWebhookOptions>, RegExp]>([
    [
      'a partition id with a slash',
      { partition: { ...PARTITION, id: 'a/b' } },
      /partition\.id must be/,
    ],
    [
      'a relative publicUrl',
      { partition: { ...PARTITION, publicUrl: 'p1.example.com' } },
      /partition\.publicUrl must be an absolute http\(s\) URL/,
    ],
    [
      'a peer with a bad URL',
      { partition: { ...PARTITION, peers: { p2: 'mailto:x@example.com' } } },
      /partition\.peers\.p2 must be an absolute http\(s\) URL/,
    ],
    [
      'a peer with a bad id',
      {
        partition: { ...PARTITION, peers: { 'p 2': 'https://p2.example.com' } },
      },
      /"p 2" is not a valid partition id/,
    ],
    [
      'a bad top-level publicUrl',
      { publicUrl: 'https://user:pw@bot.example.com' },
      /^.*publicUrl must be an absolute http\(s\) URL/,
    ],
  ])(
    'refuses %s at start-up, naming the option',
    async (_l, options, message) => {
      const error = await appWith(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidCallingWebhookOptionsError);
      expect((error as Error).message).toMatch(message);
    },
  );
});
