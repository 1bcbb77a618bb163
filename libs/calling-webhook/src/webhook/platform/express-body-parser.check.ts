import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CallingWebhookSetupError } from './calling-webhook-setup.error.js';

interface RouterLayer {
  readonly name?: string;
  /** Express 5's router: true for middleware mounted on `/`, i.e. on every path. */
  readonly slash?: boolean;
}

/** True when an Express JSON parser runs on every path (Nest's default, `bodyParser: true`). */
function hasGlobalJsonParser(instance: unknown): boolean {
  const app = instance as {
    router?: { stack?: RouterLayer[] };
    _router?: { stack?: RouterLayer[] };
  };
  const stack = app.router?.stack ?? app._router?.stack ?? [];
  return stack.some(
    (layer) => layer.name === 'jsonParser' && layer.slash !== false,
  );
}

/**
 * On Express, a global JSON parser would read every notification before its token is checked,
 * with its own limit (100 KB unless raised: large meeting rosters would get `413`). The app
 * then does not start, with a message saying what to change.
 */
@Injectable()
export class ExpressBodyParserCheck implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    if (!hasGlobalJsonParser(adapter.getInstance())) return;
    throw new CallingWebhookSetupError(
      'A global JSON body parser reads every request body before the calling webhook checks its token ' +
        '(and with its own size limit). Create the app with NestFactory.create(AppModule, { bodyParser: false }); ' +
        'routes of your own that need JSON can mount express.json() on their paths.',
    );
  }
}
