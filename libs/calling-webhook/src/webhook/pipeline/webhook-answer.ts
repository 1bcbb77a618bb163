/** How the webhook answers a request: what the step that stopped it decided. */
export interface WebhookAnswer {
  readonly status: number;
  /** Response headers (`Location`, `WWW-Authenticate`, `Retry-After`, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A short reason, safe to show: sent as Nest's error body `{ statusCode, message, error }`. */
  readonly reason?: string;
  /**
   * Close the connection after answering. Set when the body was not read (a refused token, a
   * declared size over the limit): reading it just to keep the connection would let any client
   * make the server take in whatever it sends.
   */
  readonly closeConnection?: boolean;
}

/** What a step returns to let the next one run. */
export const CONTINUE = Symbol('continue');

/** A step's outcome: `CONTINUE`, or the answer that ends the request. */
export type StepOutcome = typeof CONTINUE | WebhookAnswer;

/** An answer with a short reason (a refusal). */
export function refusal(
  status: number,
  reason: string,
  extra: Omit<WebhookAnswer, 'status' | 'reason'> = {},
): WebhookAnswer {
  return { status, reason, ...extra };
}

/** The JSON body of a refusal, in the shape Nest's exception filter gives (`{ statusCode, message, error }`). */
export function refusalBody(
  status: number,
  reason: string,
  statusText: string | undefined,
): { statusCode: number; message: string; error: string } {
  return { statusCode: status, message: reason, error: statusText ?? 'Error' };
}
