import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebhookAuthStep } from '../../auth/webhook-auth.step.js';
import {
  BODY_OPTIONS,
  type ResolvedBodyOptions,
} from '../../body/body-options.js';
import { checkBodyHeaders } from '../../body/read-json-body.js';
import { WEBHOOK_PATH } from '../../calling-webhook.internal-constants.js';
import { CONTINUE } from '../pipeline/webhook-answer.js';
import { answerDirectly } from './answer-directly.js';
import { traceWebhookRequest } from '../../telemetry/trace-notification.js';
import { runStep } from '../pipeline/run-step.js';
import { earlyRequestOf } from '../pipeline/early-requests.js';

type ContinueCheck = (
  request: IncomingMessage,
  response: ServerResponse,
) => boolean;

// One `checkContinue` listener per server, shared by the modules mounted on it (two listeners
// would each emit the request).
const checksByServer = new WeakMap<Server, ContinueCheck[]>();

function installListener(server: Server): ContinueCheck[] {
  const checks: ContinueCheck[] = [];
  server.on(
    'checkContinue',
    (request: IncomingMessage, response: ServerResponse) => {
      if (checks.some((check) => check(request, response))) return;
      // Not a webhook request: what Node does when nobody listens.
      response.writeContinue();
      server.emit('request', request, response);
    },
  );
  checksByServer.set(server, checks);
  return checks;
}

/**
 * `Expect: 100-continue`: Node answers `100 Continue` before any handler runs, so a client
 * without a token would be invited to send its body (50 MB, say) only to get `401` after it.
 * The webhook's token check runs first instead, then the checks of the body's headers (declared
 * size, content type): a refused request gets its answer and the connection is closed, no body
 * asked for; a valid one gets `100 Continue` and goes on, verified.
 * Routing has not happened yet here, so webhook requests are told by their path: it ends with
 * the module's path (any global prefix before it), optionally followed by a partition.
 */
@Injectable()
export class ExpectContinueGate implements OnApplicationBootstrap {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authStep: WebhookAuthStep,
    @Inject(WEBHOOK_PATH) private readonly path: string,
    @Inject(BODY_OPTIONS) private readonly body: ResolvedBodyOptions,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      Server | undefined;
    if (typeof server?.on !== 'function') return;
    let checks = checksByServer.get(server);
    if (checks === undefined) {
      if (server.listenerCount('checkContinue') > 0) {
        this.logger.warn(
          'The HTTP server already handles Expect: 100-continue; the webhook cannot check tokens before the client sends its body',
        );
        return;
      }
      checks = installListener(server);
    }
    checks.push((request, response) => this.check(server, request, response));
  }

  /** True when the request is this module's: it is then answered or let in here. */
  private check(
    server: Server,
    request: IncomingMessage,
    response: ServerResponse,
  ): boolean {
    if (
      request.method !== 'POST' ||
      !isWebhookTarget(request.url ?? '', this.path)
    )
      return false;
    traceWebhookRequest(request, response, () => {
      runStep(this.authStep, earlyRequestOf(request), (outcome) => {
        if (outcome !== CONTINUE) {
          answerDirectly(response, outcome);
          return;
        }
        // A body its headers already refuse (too large, not JSON) is not asked for either.
        const refused = checkBodyHeaders(request, this.body.limitBytes);
        if (refused) {
          answerDirectly(response, refused);
          return;
        }
        response.writeContinue();
        server.emit('request', request, response);
      });
    });
    return true;
  }
}

/** True for a target whose path is `.../{path}` or `.../{path}/{partition}` (case and a trailing `/` aside). */
export function isWebhookTarget(target: string, path: string): boolean {
  const query = target.indexOf('?');
  const pathname = (query === -1 ? target : target.slice(0, query))
    .toLowerCase()
    .replace(/\/+$/, '');
  const own = `/${path.toLowerCase()}`;
  if (pathname.endsWith(own)) return true;
  const lastSlash = pathname.lastIndexOf('/');
  return lastSlash > 0 && pathname.slice(0, lastSlash).endsWith(own);
}
