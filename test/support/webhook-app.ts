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
    log: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
    error: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
    warn: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
    debug: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
    verbose: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
    fatal: (m: unknown, ...rest: unknown[]) => this.capture(m, rest),
  };

  // The message, then its structured fields as JSON (`{"callId":"..."}`), as ConsoleLogger
  // prints them; the trailing context string is left out.
  private capture(message: unknown, rest: unknown[]): void {
    const fields = rest.filter(
      (param) => typeof param === 'object' && param !== null,
    );
    const strings = rest.filter((param) => typeof param === 'string');
    this.lines.push(
      [
        String(message),
        ...strings.slice(0, -1),
        ...fields.map((f) => JSON.stringify(f)),
      ].join(' '),
    );
  }
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
  /** Runs on the app before it listens (e.g. `applyServerLimits`). */
  readonly beforeListen?: (app: INestApplication<App>) => void;
  /** The port on 127.0.0.1 (known beforehand when the app's `publicUrl` or a fleet's `instanceUrl` names it). @default a free one */
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
  setup.beforeListen?.(app);
  // Listening (on a free loopback port) gets both platforms ready the same way.
  await app.listen(setup.port ?? 0, '127.0.0.1');
  return app;
}
