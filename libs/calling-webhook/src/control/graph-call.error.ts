/** What is known about a failed Graph request; every field is safe to log (no token). */
export interface GraphCallErrorDetails {
  /** `POST`, `DELETE`. */
  readonly method: string;
  /** The path under the Graph base URL, e.g. `/communications/calls/{id}/answer`. */
  readonly path: string;
  /** The HTTP status of the last answer; `undefined` after a timeout or a network error. */
  readonly status: number | undefined;
  /** Graph's error code (`error.code`), or `timeout` / `networkError` / `aborted`. */
  readonly code: string;
  /** Graph's error message, or what went wrong on the way. */
  readonly graphMessage: string;
  /** Graph's `request-id` (for a support ticket), when Graph answered with one. */
  readonly requestId: string | undefined;
  /** The `client-request-id` sent with every attempt of this call. */
  readonly clientRequestId: string;
  /** Attempts made, the first included. */
  readonly attempts: number;
}

/** A Graph call-control request failed (after the retries it was allowed). */
export class GraphCallError extends Error implements GraphCallErrorDetails {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly code: string;
  readonly graphMessage: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
  readonly attempts: number;

  constructor(details: GraphCallErrorDetails) {
    const status = details.status === undefined ? '' : ` ${details.status}`;
    super(
      `Graph ${details.method} ${details.path} failed${status} ${details.code}: ${details.graphMessage} ` +
        `(request-id ${details.requestId ?? 'none'}, client-request-id ${details.clientRequestId}, ${details.attempts} attempt${details.attempts === 1 ? '' : 's'})`,
    );
    this.name = 'GraphCallError';
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.code = details.code;
    this.graphMessage = details.graphMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.attempts = details.attempts;
  }
}
