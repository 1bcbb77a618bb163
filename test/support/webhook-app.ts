import {
  Logger,
  type INestApplication,
  type ModuleMetadata,
  type NestApplicationOptions,
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
  /** The HTTP platform. @default 'express' */
  readonly platform?: HttpPlatform;
  /** Options of `createNestApplication` (Nest's defaults otherwise: its body parsers on). */
  readonly appOptions?: NestApplicationOptions;
  /** Extra providers of the root module (e.g. an injectable region resolver and its dependencies). */
  readonly providers?: ModuleMetadata['providers'];
  /** Extra controllers of the root module (e.g. one with call event handlers). */
  readonly controllers?: ModuleMetadata['controllers'];
  /** Runs on the app before it listens (e.g. `app.setGlobalPrefix('v1')`, `applyServerLimits`). */
  readonly beforeListen?: (app: INestApplication<App>) => void;
  /** The address to listen on: a fixed port when the test must know it first (a fleet instance's `instanceUrl`). @default 0 (a free port) */
  readonly port?: number;
}

/**
 * Starts a Nest app of `metadata` on the setup's platform, listening on 127.0.0.1 (so both
 * platforms get ready the same way, and real HTTP clients can reach it), its logs captured.
 */
export async function startNestApp(
  metadata: ModuleMetadata,
  logs = new CapturedLogs(),
  setup: Omit<WebhookAppSetup, 'providers' | 'controllers'> = {},
): Promise<INestApplication<App>> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>(
    httpAdapterFor(setup.platform ?? 'express'),
    {
      logger: false,
      ...setup.appOptions,
    },
  );
  app.useLogger(logs.logger);
  Logger.overrideLogger(logs.logger);
  setup.beforeListen?.(app);
  await app.listen(setup.port ?? 0, '127.0.0.1');
  return app;
}

/** Starts a Nest app with the webhook module pointed at a local OpenID provider. */
export function startWebhookApp(
  provider: LocalOpenIdProvider,
  options: Partial<CallingWebhookOptions> = {},
  logs = new CapturedLogs(),
  setup: WebhookAppSetup = {},
): Promise<INestApplication<App>> {
  return startNestApp(
    {
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
    },
    logs,
    setup,
  );
}

/** The `http://127.0.0.1:{port}` of a listening app. */
export function baseUrlOf(app: INestApplication<App>): string {
  const address = (
    app.getHttpServer() as unknown as { address(): { port: number } | null }
  ).address();
  if (address === null) throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * The apps a spec starts, closed together: the lifecycle that specs starting an app per test
 * (or several per describe block) share. Call `close()` from the `afterEach` / `afterAll` of the
 * block whose apps it holds.
 */
export class WebhookApps {
  private readonly started: INestApplication<App>[] = [];

  constructor(private readonly platform: HttpPlatform) {}

  /** `startWebhookApp` on this spec's platform; the app is closed by `close()`. */
  async start(
    provider: LocalOpenIdProvider,
    options: Partial<CallingWebhookOptions> = {},
    logs = new CapturedLogs(),
    setup: Omit<WebhookAppSetup, 'platform'> = {},
  ): Promise<INestApplication<App>> {
    const app = await startWebhookApp(provider, options, logs, {
      ...setup,
      platform: this.platform,
    });
    this.started.push(app);
    return app;
  }

  async close(): Promise<void> {
    await Promise.all(this.started.splice(0).map((app) => app.close()));
  }
}
