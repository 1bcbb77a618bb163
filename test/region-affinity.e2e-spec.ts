import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import {
  byCallerRegion,
  byTenant,
  InvalidCallingWebhookOptionsError,
  type CallingWebhookOptions,
  type RegionResolutionInput,
  type RegionResolver,
  type RegionResolverOption,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import {
  fixtureText,
  jsonFixtureTexts,
  STACK_TRACE,
} from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import {
  CapturedLogs,
  WebhookApps,
  type WebhookAppSetup,
} from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

const EMEA = 'https://emea.bot.example.com';
const AMER = 'https://amer.bot.example.com/';
const INCOMING = fixtureText(
  'graph',
  'v1.0__call-answer__01__notification-incoming.json',
);
const ESTABLISHED = fixtureText(
  'graph',
  'v1.0__call-answer__03__notification-established.json',
);
const LEGACY = jsonFixtureTexts('legacy')[0][1];

/** A directory the injectable resolver depends on; it also records what the resolver saw. */
@Injectable()
class TenantDirectory {
  readonly seen: RegionResolutionInput[] = [];
  regionOf(tenantId: string): string | undefined {
    return tenantId.startsWith('11111111') ? 'emea' : undefined;
  }
}

@Injectable()
class DirectoryRegionResolver implements RegionResolver {
  constructor(
    @Inject(TenantDirectory) private readonly directory: TenantDirectory,
  ) {}
  resolveRegion(input: RegionResolutionInput): string | undefined {
    this.directory.seen.push(input);
    return this.directory.regionOf(input.principal.tenantId);
  }
}

describe.each(HTTP_PLATFORMS)('%s: region affinity (302)', (platform) => {
  let provider: LocalOpenIdProvider;
  const apps = new WebhookApps(platform);

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
  });
  afterAll(async () => {
    await provider.close();
  });

  function appWith(
    resolver: RegionResolverOption | undefined,
    extra: Partial<CallingWebhookOptions['regionAffinity']> = {},
    logs = new CapturedLogs(),
    setup: Omit<WebhookAppSetup, 'platform'> = {},
    started = apps,
  ): Promise<INestApplication<App>> {
    return started.start(
      provider,
      {
        regionAffinity: {
          currentRegion: 'amer',
          deployments: { emea: EMEA, amer: AMER },
          resolver,
          ...extra,
        },
      },
      logs,
      setup,
    );
  }

  function post(
    app: INestApplication<App>,
    body: string,
    path = '/api/calls',
    token: string | null = provider.mint(),
  ) {
    return postTo(app, { token, body, path });
  }

  afterEach(() => apps.close());

  describe('byTenant, the tenant mapped to another deployment', () => {
    let app: INestApplication<App>;
    const shared = new WebhookApps(platform);
    beforeAll(async () => {
      app = await appWith(
        byTenant({ [provider.tenantId]: 'emea' }),
        {},
        undefined,
        {},
        shared,
      );
    });
    afterAll(() => shared.close());

    it('redirects with 302 to that deployment, keeping path and query', async () => {
      const res = await post(app, ESTABLISHED, '/api/calls?trace=1&x=a%20b');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`${EMEA}/api/calls?trace=1&x=a%20b`);
      expect(res.text).toBe('');
    });

    it('never takes the Location from the payload', async () => {
      const body = JSON.parse(INCOMING) as {
        value: { resourceData: Record<string, unknown> }[];
      };
      body.value[0].resourceData.callbackUri = 'https://evil.example.com/x';
      const res = await post(app, JSON.stringify(body));
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`${EMEA}/api/calls`);
    });

    it('answers a legacy body of that tenant with 204, not 302', async () => {
      const res = await post(app, LEGACY);
      expect(res.status).toBe(204);
      expect(res.headers.location).toBeUndefined();
    });

    it('answers a legacy body without a token with 401, not 204 or 302', async () => {
      const res = await post(app, LEGACY, '/api/calls', null);
      expect(res.status).toBe(401);
    });

    it('handles a tenant that is not mapped here (202)', async () => {
      const token = provider.mint({
        claims: { tid: '99999999-9999-9999-9999-999999999999' },
      });
      const res = await post(app, ESTABLISHED, '/api/calls', token);
      expect(res.status).toBe(202);
    });

    it('refuses an invalid body with 400 before any redirect', async () => {
      const res = await post(app, '{"value":5}');
      expect(res.status).toBe(400);
    });

    // Issue 11: bodies an earlier check let through to the resolver, redirected before another
    // instance refused them.
    it.each<[string, Record<string, unknown>, string]>([
      ['an empty changeType', { changeType: '' }, 'changeType'],
      [
        'a numeric resourceUrl beside a string resource',
        {
          resourceUrl: 5,
          resource: '/app/calls/57dab8b1-894c-409a-b240-bd8beae78896',
        },
        'resourceUrl',
      ],
      ['resourceData that is a string', { resourceData: 'x' }, 'resourceData'],
    ])(
      'refuses %s with 400 and a short reason, never 302',
      async (_label, change, reason) => {
        const body = JSON.parse(ESTABLISHED) as {
          value: Record<string, unknown>[];
        };
        Object.assign(body.value[0], change);
        const res = await post(app, JSON.stringify(body));
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
        const message = String((res.body as { message?: unknown }).message);
        expect(message).toContain(reason);
        expect(message.length).toBeLessThan(200);
      },
    );
  });

  it('redirects with 307 when redirectStatus is 307', async () => {
    const app = await appWith(byTenant({ [provider.tenantId]: 'emea' }), {
      redirectStatus: 307,
    });
    const res = await post(app, ESTABLISHED, '/api/calls?q=1');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${EMEA}/api/calls?q=1`);
  });

  it('handles here a notification the resolver puts in this region', async () => {
    const app = await appWith(byTenant({ [provider.tenantId]: 'amer' }));
    expect((await post(app, ESTABLISHED)).status).toBe(202);
  });

  it('handles here a region with no configured deployment', async () => {
    const app = await appWith(() => 'apac');
    expect((await post(app, ESTABLISHED)).status).toBe(202);
  });

  it('handles everything here without a resolver', async () => {
    const app = await appWith(undefined);
    expect((await post(app, ESTABLISHED)).status).toBe(202);
  });

  it('handles here when the resolver throws, and logs it without token or stack', async () => {
    const logs = new CapturedLogs();
    const secret = provider.mint();
    const app = await appWith(
      () => {
        throw new Error(`directory down while looking up ${secret}`);
      },
      {},
      logs,
    );
    const res = await post(app, ESTABLISHED);
    expect(res.status).toBe(202);
    const lines = logs.lines.filter((l) =>
      l.includes('Region resolver failed'),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('directory down');
    for (const line of logs.lines) {
      expect(line).not.toContain(secret);
      expect(line).not.toMatch(STACK_TRACE);
    }
  });

  it('handles here when an async resolver rejects', async () => {
    const app = await appWith(() => Promise.reject(new Error('timeout')));
    expect((await post(app, ESTABLISHED)).status).toBe(202);
  });

  it('awaits an async resolver', async () => {
    const app = await appWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'emea';
    });
    const res = await post(app, ESTABLISHED);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${EMEA}/api/calls`);
  });

  it('uses an injectable resolver class with a dependency, registered as a provider', async () => {
    const app = await appWith(DirectoryRegionResolver, {}, undefined, {
      providers: [TenantDirectory, DirectoryRegionResolver],
    });
    const res = await post(app, INCOMING);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${EMEA}/api/calls`);
    const seen = app.get(TenantDirectory).seen;
    expect(seen).toHaveLength(1);
    expect(seen[0].principal.tenantId).toBe(provider.tenantId);
    expect(seen[0].notifications[0].changeType).toBe('created');
    expect(seen[0].headers['content-type']).toContain('application/json');
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('refuses to start with a resolver class it cannot create', async () => {
    await expect(
      appWith(DirectoryRegionResolver, {}, undefined, {
        providers: [],
      }),
    ).rejects.toThrow(/regionAffinity\.resolver DirectoryRegionResolver/);
  });

  describe('byCallerRegion', () => {
    let app: INestApplication<App>;
    const shared = new WebhookApps(platform);
    beforeAll(async () => {
      app = await appWith(
        byCallerRegion({ WestUS: 'emea' }),
        {},
        undefined,
        {},
        shared,
      );
    });
    afterAll(() => shared.close());

    it("redirects the incoming call fixture by its caller's region (westus)", async () => {
      const res = await post(app, INCOMING);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`${EMEA}/api/calls`);
    });

    it('handles here a notification without a caller region', async () => {
      expect((await post(app, ESTABLISHED)).status).toBe(202);
    });

    it('handles here a caller region that is not mapped', async () => {
      const policy = fixtureText(
        'graph',
        'v1.0__call-answer__07__example-3-answer-a-policy-based-recording-call.json',
      );
      expect((await post(app, policy)).status).toBe(202);
    });
  });

  describe('start-up validation', () => {
    it.each<[string, Partial<CallingWebhookOptions['regionAffinity']>, RegExp]>(
      [
        [
          'a relative base URL',
          { deployments: { emea: '/emea' } },
          /regionAffinity\.deployments\.emea must be an absolute http\(s\) URL/,
        ],
        [
          'a non-http base URL',
          { deployments: { emea: 'ftp://emea.example.com' } },
          /regionAffinity\.deployments\.emea/,
        ],
        [
          'a base URL with a query',
          { deployments: { emea: 'https://emea.example.com/?a=1' } },
          /regionAffinity\.deployments\.emea/,
        ],
        [
          'a redirect status of 301',
          { redirectStatus: 301 as 302 },
          /regionAffinity\.redirectStatus must be 302 or 307/,
        ],
        [
          'no current region',
          { currentRegion: '' },
          /regionAffinity\.currentRegion/,
        ],
      ],
    )('refuses %s, naming the option', async (_label, extra, message) => {
      const error = await appWith(undefined, extra).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidCallingWebhookOptionsError);
      expect((error as Error).message).toMatch(message);
    });
  });
});
