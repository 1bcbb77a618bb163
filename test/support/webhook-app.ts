import {
  Logger,
  type INestApplication,
  type NestApplicationOptions,
  type Provider,
  type Type,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  CallingWebhookModule,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { httpAdapterFor, type HttpPlatform } from './http-adapters.js';

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

/** How the test app is built beyond the module options. */
export interface WebhookAppSetup {
  /** Options of `createNestApplication` (e.g. `{ bodyParser: false }`, as the README shows). */
  readonly appOptions?: NestApplicationOptions;
  /** Extra providers of the root module (e.g. an injectable region resolver and its dependencies). */
  readonly providers?: Provider[];
  /** Extra controllers of the root module (e.g. one with call event handlers). */
  readonly controllers?: Type[];
  /** The HTTP platform. @default 'express' */
  readonly platform?: HttpPlatform;
  /** The port on 127.0.0.1 (known beforehand when the app's `publicUrl` names it). @default a free one */
  readonly port?: number;
}

/** Starts a Nest app with the webhook module pointed at a local OpenID provider. */
export async function startWebhookApp(
  provider: LocalOpenIdProvider,
  options: Partial<CallingWebhookOptions> = {},
  logs = new CapturedLogs(),
  setup: WebhookAppSetup = {},
): Promise<INestApplication<App>> {
  const moduleRef = await Test.createTestingModule({
    providers: setup.providers ?? [],
    controllers: setup.controllers ?? [],
    imports: [
      CallingWebhookModule.forRoot({
        appId: provider.appId,
        openIdConfigurationUrl: provider.openIdConfigurationUrl,
        prefetchKeys: false,
        ...options,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>(
    httpAdapterFor(setup.platform ?? 'express'),
    {
      logger: false,
      // The webhook reads its own bodies, after the token check (see the README).
      bodyParser: false,
      ...setup.appOptions,
    },
  );
  app.useLogger(logs.logger);
  Logger.overrideLogger(logs.logger);
  // Listening (on a free loopback port) gets both platforms ready the same way.
  await app.listen(setup.port ?? 0, '127.0.0.1');
  return app;
}
