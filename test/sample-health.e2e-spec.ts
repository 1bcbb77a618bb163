import type { INestApplication } from '@nestjs/common';
import { OpenIdKeySource } from 'nestjs-calling-webhook';
import { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { AppModule } from '../src/app.module.js';
import { readBotConfig } from '../src/bot-config.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { baseUrlOf, startNestApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

/**
 * The sample bot in-process, configured as its environment would (keys fetched at start), on
 * an HTTP platform as src/bootstrap.ts builds it (Fastify with Nest's default parsers).
 */
async function startSample(
  platform: LocalCallingPlatform,
  httpPlatform: HttpPlatform,
  env: Record<string, string> = {},
): Promise<INestApplication<App>> {
  const config = readBotConfig({ ...(await platform.environment()), ...env });
  // The environment cannot carry an HTTP client: trust the local authority here.
  const credentials = config.webhook.credentials && {
    ...config.webhook.credentials,
    networkClient: platform.networkClient,
  };
  return startNestApp(
    {
      imports: [
        AppModule.forConfig({
          ...config,
          webhook: { ...config.webhook, credentials },
        }),
      ],
    },
    undefined,
    {
      platform: httpPlatform,
      appOptions: { bodyParser: httpPlatform === 'fastify' },
    },
  );
}

const health = (app: INestApplication<App>) =>
  request(app.getHttpServer()).get('/health');

describe.each(HTTP_PLATFORMS)(
  '%s: the sample bot serves GET /health through terminus',
  (httpPlatform) => {
    let platform: LocalCallingPlatform;
    let app: INestApplication<App> | undefined;
    beforeEach(async () => {
      platform = await LocalCallingPlatform.start();
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
      await platform.close();
    });

    it('is 200 once the signing keys are known, with their count and age', async () => {
      app = await startSample(platform, httpPlatform);
      const res = await vi.waitFor(async () => {
        const answer = await health(app!);
        expect(answer.status).toBe(200);
        return answer;
      });
      expect(res.body).toMatchObject({
        status: 'ok',
        details: {
          'calling-webhook': {
            status: 'up',
            signingKeys: {
              status: 'up',
              keys: 1,
              ageSeconds: expect.any(Number),
            },
            graphCredentials: {
              status: 'up',
              configured: true,
              lastAcquisition: 'none yet',
            },
          },
        },
      });
    });

    it('is 503 when the OpenID provider is down and no key was ever had, and 200 once it is back', async () => {
      platform.openId.outageStatus = 503;
      app = await startSample(platform, httpPlatform);
      const res = await vi.waitFor(async () => {
        const answer = await health(app!);
        expect(
          answer.body.details?.['calling-webhook']?.signingKeys?.lastError,
        ).toBeDefined();
        return answer;
      });
      expect(res.status).toBe(503);
      expect(res.body.error['calling-webhook']).toMatchObject({
        status: 'down',
        signingKeys: {
          status: 'down',
          keys: 0,
          lastError: expect.stringContaining('answered HTTP 503'),
          failuresInARow: expect.any(Number),
        },
      });
      // What the health says, the webhook does: a notification cannot be verified either.
      const notification = await post(app, {
        token: platform.mintToken(),
        body: {},
      });
      expect(notification.status).toBe(503);

      platform.openId.outageStatus = undefined;
      // A notification after the retry delay fetches the keys again.
      await vi.waitFor(
        async () => {
          await post(app!, { token: platform.mintToken(), body: {} });
          expect((await health(app!)).status).toBe(200);
        },
        { timeout: 10_000, interval: 250 },
      );
    });

    it('stays 200 on known keys when a refresh fails, and reports the error', async () => {
      app = await startSample(platform, httpPlatform);
      await vi.waitFor(async () =>
        expect((await health(app!)).status).toBe(200),
      );
      platform.openId.outageStatus = 500;
      await app.get(OpenIdKeySource).refresh();
      const res = await health(app);
      expect(res.status).toBe(200);
      expect(res.body.details['calling-webhook'].signingKeys).toMatchObject({
        status: 'up',
        keys: 1,
        lastError: expect.stringContaining('answered HTTP 500'),
      });
    });

    it('is degraded, still 200, when the last Graph token request failed', async () => {
      app = await startSample(platform, httpPlatform, {
        CALLING_APP_SECRET: 'not-the-secret',
      });
      const url = `${baseUrlOf(app)}/api/calls`;
      const call = await platform.placeCall({ target: url });
      await expect(call.answered(3_000)).rejects.toThrow();
      const res = await vi.waitFor(async () => {
        const answer = await health(app!);
        expect(
          answer.body.details['calling-webhook'].graphCredentials
            .lastAcquisition,
        ).toBe('failed');
        return answer;
      });
      expect(res.status).toBe(200);
      expect(res.body.details['calling-webhook']).toMatchObject({
        status: 'degraded',
        graphCredentials: { status: 'degraded', errorCode: 'invalid_client' },
      });
      expect(JSON.stringify(res.body)).not.toContain('not-the-secret');
    });
  },
);
