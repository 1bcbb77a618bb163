import type { IncomingMessage } from 'node:http';
import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { CallNotificationHeaders } from '../../protocol/notification-headers.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';

/**
 * One webhook request as the pipeline sees it, the same on Express and Fastify: the Node request
 * underneath, and what each step learned. A step reads only what an earlier step wrote; reading
 * it before is a bug in the step list, not a bad request (see `expectSet`). The first steps may
 * have run before the framework saw the request (`early-requests.ts`): the pipeline then goes on
 * with what they learned.
 */
export class WebhookRequest {
  /**
   * When it arrived (`performance.now()`): the acknowledgement budget counts from here, as the
   * platform's wait does, whatever the steps on the way (a key fetch, an owner lookup) cost.
   */
  readonly receivedAt = performance.now();
  /** The verified caller (the auth step). */
  principal: CallingPrincipal | undefined;
  /** Whether the body step ran (it read, or refused, the body). */
  bodyRead = false;
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
    public frameworkRequest: object,
    /** The request target as received (path and query; absolute-form is possible). */
    public target: string,
    /** The `:partition` route parameter, when the request came on a partitioned callback URI. */
    public partition: string | undefined,
  ) {}

  /** What the framework knows once it routed the request; the early steps did without. */
  routed(
    frameworkRequest: object,
    target: string,
    partition: string | undefined,
  ): this {
    this.frameworkRequest = frameworkRequest;
    this.target = target;
    this.partition = partition;
    return this;
  }
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
