import { Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  CallingWebhookModule,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';

/** Log lines the app wrote, to assert that none leaks a token. */
export class CapturedLogs {
  readonly lines: string[] = [];
  readonly logger = {
    log: (m: unknown) => this.lines.push(String(m)),
    error: (m: unknown, ...rest: unknown[]) =>
      this.lines.push([m, ...rest].map(String).join(' ')),
    warn: (m: unknown) => this.lines.push(String(m)),
    debug: (m: unknown) => this.lines.push(String(m)),
    verbose: (m: unknown) => this.lines.push(String(m)),
    fatal: (m: unknown) => this.lines.push(String(m)),
  };
}

/** Starts a Nest app with the webhook module pointed at a local OpenID provider. */
export async function startWebhookApp(
  provider: LocalOpenIdProvider,
  options: Partial<CallingWebhookOptions> = {},
  logs = new CapturedLogs(),
): Promise<INestApplication<App>> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CallingWebhookModule.forRoot({
        appId: provider.appId,
        openIdConfigurationUrl: provider.openIdConfigurationUrl,
        prefetchKeys: false,
        ...options,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>({
    logger: false,
  });
  app.useLogger(logs.logger);
  Logger.overrideLogger(logs.logger);
  await app.init();
  return app;
}
