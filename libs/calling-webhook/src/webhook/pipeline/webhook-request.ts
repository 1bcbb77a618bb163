import type { IncomingMessage } from 'node:http';
import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { CallNotificationHeaders } from '../../protocol/notification-headers.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';

/**
 * One webhook request as the pipeline sees it, the same on Express and Fastify: the Node request
 * underneath, and what each step learned. A step reads only what an earlier step wrote; reading
 * it before is a bug in the step list, not a bad request (see `expectSet`).
 */
export class WebhookRequest {
  /** The verified caller (the auth step). */
  principal: CallingPrincipal | undefined;
  /** The parsed JSON body (the body step). */
  body: unknown;
  /** A SHA-256 of the raw body, set by the body step when the platform sent no message id. */
  bodyDigest: string | undefined;
  /** The platform's headers, read once (the protocol step). */
  headers: CallNotificationHeaders | undefined;
  /** The checked Graph notifications (the protocol step). */
  notifications: readonly ParsedNotification[] | undefined;

  constructor(
    /** The Node request (Express's request itself, Fastify's `request.raw`). */
    readonly raw: IncomingMessage,
    /** The framework's request: request-scoped providers of the handlers are resolved for it. */
    readonly frameworkRequest: object,
    /** The request target as received (path and query; absolute-form is possible). */
    readonly target: string,
    /** The `:partition` route parameter, when the request came on a partitioned callback URI. */
    readonly partition: string | undefined,
  ) {}
}

/** The value an earlier step set; throws when the step list runs a step before its inputs exist. */
export function expectSet<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(
      `webhook pipeline: ${what} is read before the step that sets it ran`,
    );
  }
  return value;
}
