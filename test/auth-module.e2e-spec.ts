import {
  Controller,
  Get,
  Injectable,
  Module,
  UseGuards,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Test } from '@nestjs/testing';
import {
  CallingAuthGuard,
  CallingPrincipal,
  CallingWebhookModule,
  InvalidCallingWebhookOptionsError,
  type CallingWebhookModuleExtras,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { expectRefusal } from './support/auth-expectations.js';
import { CapturedLogs } from './support/webhook-app.js';

// The module as a user wires it: forRootAsync, start-up validation, the strategy and the guard
// on the user's own routes, the principal decorator, the `path` extra, a documented real token.

const FIXTURES_DIR =
  process.env.CALLING_FIXTURES_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures');

@Controller('mine')
class UserController {
  @Get('passport')
  @UseGuards(AuthGuard('teams-calling'))
  byStrategy(
    @CallingPrincipal() principal: CallingPrincipal,
  ): CallingPrincipal {
    return principal;
  }

  @Get('guard')
  @UseGuards(CallingAuthGuard)
  byGuard(@CallingPrincipal() principal: CallingPrincipal): CallingPrincipal {
    return principal;
  }
}

@Injectable()
class BotSettings {
  appId = '';
  configurationUrl = '';
}

@Module({ providers: [BotSettings], exports: [BotSettings] })
class BotSettingsModule {}

let provider: LocalOpenIdProvider;
let app: INestApplication<App> | undefined;
const logs = new CapturedLogs();

async function boot(metadata: ModuleMetadata): Promise<INestApplication<App>> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  app = moduleRef.createNestApplication<INestApplication<App>>({
    logger: false,
    bodyParser: false,
  });
  app.useLogger(logs.logger);
  await app.init();
  return app;
}

function forProvider(
  extra: Partial<CallingWebhookOptions & CallingWebhookModuleExtras> = {},
) {
  return CallingWebhookModule.forRoot({
    appId: provider.appId,
    openIdConfigurationUrl: provider.openIdConfigurationUrl,
    ...extra,
  });
}

beforeEach(async () => {
  provider = await LocalOpenIdProvider.start();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await provider.close();
});

it('forRootAsync({ imports, inject, useFactory }) configures the module', async () => {
  const server = (
    await boot({
      imports: [
        CallingWebhookModule.forRootAsync({
          imports: [BotSettingsModule],
          inject: [BotSettings],
          useFactory: (settings: BotSettings) => {
            // Filled here, so the options really come from the injected provider.
            settings.appId = provider.appId;
            settings.configurationUrl = provider.openIdConfigurationUrl;
            return {
              appId: settings.appId,
              openIdConfigurationUrl: settings.configurationUrl,
            };
          },
        }),
      ],
    })
  ).getHttpServer();
  const ok = await request(server)
    .post('/api/calls')
    .set('Authorization', `Bearer ${provider.mint()}`)
    .send({ value: [] });
  expect(ok.status).toBe(202);
  const other = provider.mint({ claims: { aud: 'another-app' } });
  const refused = await request(server)
    .post('/api/calls')
    .set('Authorization', `Bearer ${other}`)
    .send({ value: [] });
  expectRefusal(
    refused,
    { status: 401, challenge: 'invalid_token' },
    other,
    logs,
  );
});

describe('options are validated at start-up, naming the option', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a missing appId', {}, /appId is required/],
    ['an empty appId', { appId: '' }, /appId must not be empty/],
    [
      'an empty appId list',
      { appId: [] },
      /appId must list one or more non-empty App IDs/,
    ],
    [
      'a malformed openIdConfigurationUrl',
      { appId: 'a', openIdConfigurationUrl: 'not a url' },
      /openIdConfigurationUrl must be an absolute https URL/,
    ],
    [
      'an http openIdConfigurationUrl on a non-loopback host',
      {
        appId: 'a',
        openIdConfigurationUrl: 'http://login.example.com/.well-known/openid',
      },
      /openIdConfigurationUrl must be an absolute https URL/,
    ],
    [
      'a negative clockToleranceSeconds',
      { appId: 'a', clockToleranceSeconds: -1 },
      /clockToleranceSeconds must be a whole number from 0 to 3600/,
    ],
  ];

  it.each(cases)('stops forRoot with %s', async (_name, options, message) => {
    const attempt = boot({
      imports: [
        CallingWebhookModule.forRoot(
          options as unknown as CallingWebhookOptions,
        ),
      ],
    });
    await expect(attempt).rejects.toThrow(InvalidCallingWebhookOptionsError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('stops forRootAsync with a malformed URL from the factory', async () => {
    const attempt = boot({
      imports: [
        CallingWebhookModule.forRootAsync({
          useFactory: () => ({
            appId: 'a',
            openIdConfigurationUrl: 'ftp://x/y',
          }),
        }),
      ],
    });
    await expect(attempt).rejects.toThrow(/openIdConfigurationUrl/);
  });
});

describe("a user's own routes in the same app", () => {
  const SECOND = '44444444-4444-4444-8444-444444444444';
  beforeEach(async () => {
    await boot({
      imports: [forProvider({ appId: [provider.appId, SECOND] })],
      controllers: [UserController],
    });
  });

  it.each(['passport', 'guard'])(
    '@UseGuards(%s) gives @CallingPrincipal() { appId, tenantId, issuer, claims }',
    async (route) => {
      const res = await request(app!.getHttpServer())
        .get(`/mine/${route}`)
        .set(
          'Authorization',
          `Bearer ${provider.mint({ claims: { aud: ['x', SECOND] } })}`,
        );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        appId: SECOND,
        tenantId: provider.tenantId,
        issuer: provider.issuer,
        claims: expect.objectContaining({
          aud: ['x', SECOND],
          tid: provider.tenantId,
        }),
      });
    },
  );

  it.each(['passport', 'guard'])(
    '@UseGuards(%s) refuses an invalid token with 401',
    async (route) => {
      const token = provider.mint({ header: { alg: 'HS256' } });
      const res = await request(app!.getHttpServer())
        .get(`/mine/${route}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(token.split('.')[2]);
    },
  );
});

it('serves the webhook on the `path` extra instead of api/calls', async () => {
  const server = (
    await boot({ imports: [forProvider({ path: '/bot/notify/' })] })
  ).getHttpServer();
  const token = provider.mint();
  const moved = await request(server)
    .post('/bot/notify')
    .set('Authorization', `Bearer ${token}`)
    .send({ value: [] });
  expect(moved.status).toBe(202);
  const old = await request(server)
    .post('/api/calls')
    .set('Authorization', `Bearer ${token}`)
    .send({ value: [] });
  expect(old.status).toBe(404);
});

it('accepts a token built from the documented claims (times shifted to now)', async () => {
  const documented = JSON.parse(
    readFileSync(
      resolve(
        FIXTURES_DIR,
        'tokens/calling-token-claims__msteams-docs-example.json',
      ),
      'utf8',
    ),
  ) as {
    aud: string;
    iss: string;
    tid: string;
    iat: number;
    nbf: number;
    exp: number;
  };
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    ...documented,
    iat: now + (documented.iat - documented.nbf),
    nbf: now,
    exp: now + (documented.exp - documented.nbf),
  };
  const real = await LocalOpenIdProvider.start({
    appId: documented.aud,
    tenantId: documented.tid,
  });
  try {
    await boot({
      imports: [
        CallingWebhookModule.forRoot({
          appId: documented.aud,
          openIdConfigurationUrl: real.openIdConfigurationUrl,
        }),
      ],
      controllers: [UserController],
    });
    // As real tokens come: `cty: "JWT"` in the header.
    const token = real.mint({ header: { cty: 'JWT' }, claims });
    const res = await request(app!.getHttpServer())
      .get('/mine/guard')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      appId: documented.aud,
      tenantId: documented.tid,
      issuer: documented.iss,
      claims,
    });
  } finally {
    await app?.close();
    app = undefined;
    await real.close();
  }
});
