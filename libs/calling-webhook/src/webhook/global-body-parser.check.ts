import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';

interface RouterLayer {
  readonly name?: string;
}

/** True when an Express JSON parser runs on every route (Nest's default, `bodyParser: true`). */
function hasGlobalJsonParser(instance: unknown): boolean {
  const app = instance as {
    router?: { stack?: RouterLayer[] };
    _router?: { stack?: RouterLayer[] };
  };
  const stack = app.router?.stack ?? app._router?.stack ?? [];
  return stack.some((layer) => layer.name === 'jsonParser');
}

/**
 * Warns at start-up when the app's global JSON parser reads bodies before the webhook: it has
 * its own limit (100 KB unless raised), so big meeting rosters would get `413` whatever
 * `bodyLimit` says.
 */
@Injectable()
export class GlobalBodyParserCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter as
      { getType(): string; getInstance(): unknown } | undefined;
    if (adapter?.getType() !== 'express') return;
    if (!hasGlobalJsonParser(adapter.getInstance())) return;
    this.logger.warn(
      `A global JSON body parser reads notifications before the webhook, with its own limit (Nest's default is 100 KB): ` +
        `large meeting rosters would be refused with 413. Create the app with NestFactory.create(AppModule, { bodyParser: false }) ` +
        `and the webhook reads bodies itself, up to bodyLimit (${this.options.bodyLimitBytes} bytes).`,
    );
  }
}
