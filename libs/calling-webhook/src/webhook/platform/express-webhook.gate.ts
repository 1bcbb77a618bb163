import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebhookAuthStep } from '../../auth/webhook-auth.step.js';
import { NotificationBodyStep } from '../../body/notification-body.step.js';
import { WEBHOOK_PATH } from '../../calling-webhook.internal-constants.js';
import { traceWebhookRequest } from '../../telemetry/trace-notification.js';
import { earlyRequestOf } from '../pipeline/early-requests.js';
import { runStep } from '../pipeline/run-step.js';
import { CONTINUE } from '../pipeline/webhook-answer.js';
import { answerDirectly } from './answer-directly.js';
import { WEBHOOK_ROUTE } from './webhook-route.constants.js';

/** What this file uses of Express 5's router (the library does not depend on Express). */
interface RouteLayer {
  readonly route?: {
    readonly methods?: Readonly<Record<string, boolean>>;
    readonly stack: readonly { readonly handle: object }[];
  };
  match(path: string): unknown;
}
type RequestListener = (
  request: IncomingMessage,
  response: ServerResponse,
) => void;
/** Takes a request (answering it or passing it on) and says so, or leaves it to the next. */
type RequestGate = (
  request: IncomingMessage,
  response: ServerResponse,
  pass: () => void,
) => boolean;

// One listener per server, shared by the modules mounted on it, in front of Express's.
const gatesByServer = new WeakMap<Server, RequestGate[]>();

function installGates(server: Server): RequestGate[] {
  const framework = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const gates: RequestGate[] = [];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const pass = (): void => {
      for (const listener of framework)
        listener.call(server, request, response);
    };
    if (!gates.some((gate) => gate(request, response, pass))) pass();
  });
  gatesByServer.set(server, gates);
  return gates;
}

// The path Express routes by: a target's path without its query; an absolute-form target's
// path (as Express's own parseurl reads it).
function pathnameOf(target: string): string {
  if (target.startsWith('/')) {
    const query = target.indexOf('?');
    return query === -1 ? target : target.slice(0, query);
  }
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

/**
 * Express runs a global JSON parser (Nest's default) before any route, so it would read a
 * notification before its token is checked, with its own limit (100 KB: large meetings' rosters
 * would get `413`). So on Express the first two steps, the token and the body, run in front of
 * Express, for the webhook's own routes only (told by Express's own route matchers): a refused
 * request is answered there and its body never read; an accepted one reaches Express with its
 * body read, which the parser then leaves alone (it skips a request already read), and the
 * pipeline goes on from there. The app keeps its body parsers for its other routes.
 */
@Injectable()
export class ExpressWebhookGate implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authStep: WebhookAuthStep,
    private readonly bodyStep: NotificationBodyStep,
    @Inject(WEBHOOK_PATH) private readonly path: string,
  ) {}

  // After the routes are registered (Nest does it in init, before this hook).
  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const routes = this.webhookRoutes(adapter.getInstance());
    const server = adapter.getHttpServer() as Server;
    if (typeof server?.on !== 'function') return;
    if (routes.length === 0) {
      // Without the gate Nest's JSON parser would read notifications before their token, with
      // its 100 KB limit: fail now rather than answer large rosters 413 in production.
      throw new Error(
        `CallingWebhookModule could not find its route POST /${this.path} in Express's router (Express 5, as @nestjs/platform-express 12 uses, keeps it in app.router)`,
      );
    }
    const gates = gatesByServer.get(server) ?? installGates(server);
    gates.push((request, response, pass) => {
      if (request.method !== 'POST') return false;
      const path = pathnameOf(request.url ?? '');
      if (!routes.some((route) => route.match(path))) return false;
      this.check(request, response, pass);
      return true;
    });
  }

  private check(
    request: IncomingMessage,
    response: ServerResponse,
    pass: () => void,
  ): void {
    traceWebhookRequest(request, response, () => {
      const early = earlyRequestOf(request);
      runStep(this.authStep, early, (auth) => {
        if (auth !== CONTINUE) {
          answerDirectly(response, auth);
          return;
        }
        runStep(this.bodyStep, early, (body) => {
          if (body !== CONTINUE) {
            answerDirectly(response, body);
            return;
          }
          pass();
        });
      });
    });
  }

  /** This module's route layers in the app's router (its `POST /{path}` and `/{path}/:partition`). */
  private webhookRoutes(app: unknown): RouteLayer[] {
    const router = (app as { router?: { stack?: RouteLayer[] } }).router;
    return (router?.stack ?? []).filter(
      (layer) =>
        layer.route?.methods?.post === true &&
        layer.route.stack.some(
          ({ handle }) =>
            Reflect.getMetadata(WEBHOOK_ROUTE, handle) === this.path,
        ),
    );
  }
}
