import { Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { AppModule } from '../../src/app.module.js';
import { readBotConfig } from '../../src/bot-config.js';
import { freePort } from './free-port.js';
import { httpAdapterFor, type HttpPlatform } from './http-adapters.js';
import { CapturedLogs } from './webhook-app.js';

/** The sample bot in this process, configured from `env` against a local platform. */
export interface SampleBot {
  readonly app: INestApplication<App>;
  readonly logs: CapturedLogs;
  /** `http://127.0.0.1:{port}`. */
  readonly url: string;
}

/**
 * Starts the sample bot (its AppModule, as `main.ts` configures it from the environment) on
 * `http`, pointed at `platform` with its credentials, its public URL on a known port, and `env`.
 */
export async function startSampleBot(
  platform: LocalCallingPlatform,
  http: HttpPlatform,
  env: NodeJS.ProcessEnv = {},
): Promise<SampleBot> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { NODE_EXTRA_CA_CERTS: _ca, ...platformEnv } =
    await platform.environment();
  const config = readBotConfig({
    ...platformEnv,
    PORT: String(port),
    CALLING_PUBLIC_URL: url,
    CALLING_INSTANCE_ID: 'bot-1',
    ...env,
  });
  // The environment cannot carry an HTTP client: trust the local authority's certificate here.
  const credentials = config.webhook.credentials && {
    ...config.webhook.credentials,
    networkClient: platform.networkClient,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forConfig({
        ...config,
        webhook: { ...config.webhook, credentials, prefetchKeys: false },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>(
    httpAdapterFor(http),
    { logger: false },
  );
  const logs = new CapturedLogs();
  app.useLogger(logs.logger);
  Logger.overrideLogger(logs.logger);
  await app.listen(port, '127.0.0.1');
  return { app, logs, url };
}
