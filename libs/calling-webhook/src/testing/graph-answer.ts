/** What the fake Graph answers: a status, headers and a JSON body. */
export interface GraphAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown>;
}

const CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'ItemNotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** A Graph error answer: `{ error: { code, message } }`, with `Retry-After` when given. */
export function graphError(
  status: number,
  message: string,
  code?: string,
  retryAfter?: string | number,
): GraphAnswer {
  return {
    status,
    headers:
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    body: { error: { code: code ?? CODES[status] ?? 'UnknownError', message } },
  };
}

/** Graph puts its request ids in every error body too. */
export function withInnerError(
  body: Record<string, unknown>,
  requestId: string,
  clientRequestId: string | undefined,
): Record<string, unknown> {
  const error = body.error as Record<string, unknown> | undefined;
  if (!error) return body;
  return {
    error: {
      ...error,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': clientRequestId,
      },
    },
  };
}
