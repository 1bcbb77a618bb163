import {
  Controller,
  Get,
  HttpException,
  Injectable,
  Module,
  UseGuards,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  CallingAuthGuard,
  CallingPrincipal,
  CallingWebhookModule,
  InvalidCallingWebhookOptionsError,
  MissingTokenError,
  type CallingWebhookModuleExtras,
  type Refusal,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { expectRefusal } from './support/auth-expectations.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { CapturedLogs, startNestApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

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

/**
 * A subclass of the guard built from the package's public exports only: its token from another
 * header, its refusals in the app's own error shape (what `Refusal` is exported for).
 */
@Injectable()
class HeaderTokenGuard extends CallingAuthGuard {
  protected override getToken(request: IncomingMessage): string | undefined {
    const value = request.headers['x-bot-token'];
    return typeof value === 'string' ? value : undefined;
  }

  protected override exceptionFor(refusal: Refusal): HttpException {
    return new HttpException(
      { error: 'bot_token_refused', detail: refusal.reason },
      refusal.status,
    );
  }
}

@Controller('subclassed')
class SubclassedGuardController {
  @Get()
  @UseGuards(HeaderTokenGuard)
  get(@CallingPrincipal() principal: CallingPrincipal): string {
    return principal.tenantId;
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

async function boot(
  metadata: ModuleMetadata,
  platform: HttpPlatform = 'express',
): Promise<INestApplication<App>> {
  app = await startNestApp(metadata, logs, { platform });
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

// Start-up validation happens before any HTTP platform is involved: run once.
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

describe.each(HTTP_PLATFORMS)('%s: the module in an app', (platform) => {
  it('forRootAsync({ imports, inject, useFactory }) configures the module', async () => {
    const started = await boot(
      {
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
      },
      platform,
    );
    const ok = await post(started, { token: provider.mint() });
    expect(ok.status).toBe(202);
    const other = provider.mint({ claims: { aud: 'another-app' } });
    const refused = await post(started, { token: other });
    expectRefusal(
      refused,
      { status: 401, challenge: 'invalid_token' },
      other,
      logs,
    );
  });

  describe("a user's own routes in the same app", () => {
    const SECOND = '44444444-4444-4444-8444-444444444444';
    beforeEach(async () => {
      await boot(
        {
          imports: [forProvider({ appId: [provider.appId, SECOND] })],
          controllers: [UserController, SubclassedGuardController],
          providers: [HeaderTokenGuard],
        },
        platform,
      );
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
    it('runs a subclass of the guard: its own token header, its own refusal shape', async () => {
      const server = app!.getHttpServer();
      const accepted = await request(server)
        .get('/subclassed')
        .set('X-Bot-Token', provider.mint());
      expect(accepted.status).toBe(200);
      expect(accepted.text).toBe(provider.tenantId);

      // The usual header is not read any more: no token, so 401 with the challenge.
      const missing = await request(server)
        .get('/subclassed')
        .set('Authorization', `Bearer ${provider.mint()}`);
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({
        error: 'bot_token_refused',
        detail: new MissingTokenError().message,
      });
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm=/);

      const foreign = await request(server)
        .get('/subclassed')
        .set('X-Bot-Token', provider.mint({ claims: { aud: 'someone-else' } }));
      expect(foreign.status).toBe(401);
      expect(foreign.body).toMatchObject({ error: 'bot_token_refused' });
    });
  });

  it('serves the webhook on the `path` extra instead of api/calls', async () => {
    const started = await boot(
      { imports: [forProvider({ path: '/bot/notify/' })] },
      platform,
    );
    const token = provider.mint();
    expect((await post(started, { token, path: '/bot/notify' })).status).toBe(
      202,
    );
    expect((await post(started, { token })).status).toBe(404);
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
      await boot(
        {
          imports: [
            CallingWebhookModule.forRoot({
              appId: documented.aud,
              openIdConfigurationUrl: real.openIdConfigurationUrl,
            }),
          ],
          controllers: [UserController],
        },
        platform,
      );
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
});
