import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  graphRequestMessage,
  publishGraphRetry,
  traceGraphRequest,
} from '../telemetry/trace-graph-request.js';
import type { GraphRequestTraceMessage } from '../telemetry/telemetry-messages.interface.js';
import { APP_TOKEN_SOURCE, type AppTokenSource } from './app-token-source.js';
import { logSafe } from '../logging/log-safe.js';
import { AppTokenStatus } from './app-token-status.js';
import {
  GraphCallError,
  type GraphCallErrorDetails,
} from './graph-call.error.js';
import { CONTROL_OPTIONS } from './resolve-call-control-options.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';
import {
  backoffDelay,
  parseRetryAfter,
  RETRYABLE_STATUSES,
} from './retry-delay.js';

/** One logical Graph request; its attempts share one `client-request-id`. */
export interface GraphRequest {
  readonly tenantId: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Under the Graph base URL, starting with `/`. */
  readonly path: string;
  readonly body?: object;
  /**
   * `false` for a request that must not run twice (placing a call rings someone's phone): it is
   * retried only after a `429`, which Graph answers before doing anything. A timeout, a network
   * error or a 5xx may come after Graph acted, so another attempt could place a second call.
   * @default true
   */
  readonly idempotent?: boolean;
  /**
   * What a successful answer must be (a JSON object for a GET, a call with an id for a created
   * call); another one fails with code `invalidResponse`.
   * @default any answer
   */
  readonly validAnswer?: (body: unknown) => boolean;
  /**
   * Gives up the request (and its retries) when aborted: a `GraphCallError` with code `aborted`.
   * The module aborts its own keepAlives at shutdown, so that none holds the process open.
   */
  readonly signal?: AbortSignal;
}

type Failure = Omit<GraphCallErrorDetails, 'attempts'>;
type Outcome =
  | { ok: true; status: number; body: unknown }
  | { ok: false; retryable: boolean; retryAfterMs?: number; failure: Failure };

const MAX_MESSAGE_LENGTH = 500;

/**
 * Sends call-control requests to Graph with an app token of the call's tenant: a timeout per
 * attempt, retries on 429/502/503/504 and network errors honouring `Retry-After`, bounded in
 * attempts and total time, and a `GraphCallError` at the end. The token is never in an error
 * or a log line.
 */
@Injectable()
export class GraphHttpClient {
  private readonly logger = new Logger('CallControl');
  private readonly graphBaseUrl: URL;

  constructor(
    @Inject(CONTROL_OPTIONS)
    private readonly options: ResolvedCallControlOptions,
    @Inject(APP_TOKEN_SOURCE) private readonly tokens: AppTokenSource,
    private readonly tokenStatus: AppTokenStatus,
  ) {
    this.graphBaseUrl = new URL(options.graphBaseUrl);
  }

  /** Sends `request`; resolves with the parsed JSON answer (or `undefined` for an empty one). */
  send<T>(request: GraphRequest): Promise<T | undefined> {
    const trace = graphRequestMessage(
      this.graphBaseUrl,
      request.method,
      request.path,
    );
    return traceGraphRequest(trace, () => this.sendTraced<T>(request, trace));
  }

  private async sendTraced<T>(
    request: GraphRequest,
    trace: GraphRequestTraceMessage,
  ): Promise<T | undefined> {
    const { maxAttempts, maxTotalMs, baseDelayMs } = this.options.graphRetry;
    const clientRequestId = randomUUID();
    const started = Date.now();
    let token: string;
    try {
      token = await this.tokenStatus.track(
        this.tokens.getToken(request.tenantId),
      );
    } catch (error) {
      trace.errorCode = 'noAppToken';
      throw error;
    }
    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted)
        throw abortedError(request, clientRequestId, attempt - 1);
      const remaining = maxTotalMs - (Date.now() - started);
      const timeoutMs = Math.max(
        1,
        Math.min(this.options.graphRequestTimeoutMs, remaining),
      );
      const outcome = await this.attempt(
        request,
        token,
        clientRequestId,
        timeoutMs,
      );
      trace.attempts = attempt;
      if (outcome.ok) {
        trace.status = outcome.status;
        return outcome.body as T | undefined;
      }
      trace.status = outcome.failure.status;
      const wait = outcome.retryAfterMs ?? backoffDelay(attempt, baseDelayMs);
      const giveUp =
        !outcome.retryable ||
        (request.idempotent === false && outcome.failure.status !== 429) ||
        attempt >= maxAttempts ||
        Date.now() - started + wait >= maxTotalMs;
      if (giveUp) {
        trace.errorCode = outcome.failure.code;
        throw new GraphCallError({ ...outcome.failure, attempts: attempt });
      }
      publishGraphRetry({
        request: trace,
        attempt,
        status: outcome.failure.status,
        code: outcome.failure.code,
        delayMs: wait,
      });
      this.logger.warn(
        `Graph ${request.method} ${request.path}: ${logSafe([outcome.failure.status, outcome.failure.code].filter(Boolean).join(' '))}; ` +
          `attempt ${attempt + 1} of ${maxAttempts} in ${wait} ms (client-request-id ${clientRequestId})`,
        // Placing a call names none yet: no field rather than `callId: undefined` in text logs.
        ...(trace.callId === undefined ? [] : [{ callId: trace.callId }]),
      );
      try {
        await sleep(wait, undefined, { signal: request.signal });
      } catch {
        throw abortedError(request, clientRequestId, attempt);
      }
    }
  }

  private async attempt(
    request: GraphRequest,
    token: string,
    clientRequestId: string,
    timeoutMs: number,
  ): Promise<Outcome> {
    const base = {
      method: request.method,
      path: request.path,
      clientRequestId,
    };
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.graphBaseUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`,
          'client-request-id': clientRequestId,
          accept: 'application/json',
          ...(request.body ? { 'content-type': 'application/json' } : {}),
        },
        body: request.body ? JSON.stringify(request.body) : undefined,
        signal: request.signal
          ? AbortSignal.any([AbortSignal.timeout(timeoutMs), request.signal])
          : AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted)
        return { ok: false, retryable: false, failure: abortedFailure(base) };
      const timedOut =
        error instanceof Error &&
        (error.name === 'TimeoutError' || error.name === 'AbortError');
      return {
        ok: false,
        retryable: true,
        failure: {
          ...base,
          status: undefined,
          code: timedOut ? 'timeout' : 'networkError',
          graphMessage: timedOut
            ? `no answer within ${timeoutMs} ms`
            : networkCause(error),
          requestId: undefined,
        },
      };
    }
    const body = parseJson(text);
    if (response.ok && (request.validAnswer?.(body) ?? true))
      return { ok: true, status: response.status, body };
    if (response.ok)
      return {
        ok: false,
        retryable: false,
        failure: {
          ...base,
          status: response.status,
          code: 'invalidResponse',
          graphMessage: 'Graph answered without what was asked for',
          requestId: response.headers.get('request-id') ?? undefined,
        },
      };
    const graphError = readGraphError(body);
    return {
      ok: false,
      retryable: RETRYABLE_STATUSES.has(response.status),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      failure: {
        ...base,
        status: response.status,
        code: graphError.code ?? (response.statusText || 'httpError'),
        // A server could echo what it was sent; the token never leaves through an error.
        graphMessage: (graphError.message ?? text.slice(0, MAX_MESSAGE_LENGTH))
          .replaceAll(token, '[redacted]')
          .slice(0, MAX_MESSAGE_LENGTH),
        requestId: response.headers.get('request-id') ?? graphError.requestId,
      },
    };
  }
}

function abortedFailure(base: {
  method: string;
  path: string;
  clientRequestId: string;
}): Failure {
  return {
    ...base,
    status: undefined,
    code: 'aborted',
    graphMessage: 'the request was aborted',
    requestId: undefined,
  };
}

function abortedError(
  request: GraphRequest,
  clientRequestId: string,
  attempts: number,
): GraphCallError {
  return new GraphCallError({
    ...abortedFailure({
      method: request.method,
      path: request.path,
      clientRequestId,
    }),
    attempts,
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Graph's error body: `{ error: { code, message, innerError: { 'request-id' } } }`. */
function readGraphError(body: unknown): {
  code?: string;
  message?: string;
  requestId?: string;
} {
  const error = (body as { error?: Record<string, unknown> } | undefined)
    ?.error;
  if (typeof error !== 'object' || error === null) return {};
  const inner = (error.innerError ?? error.innererror) as
    Record<string, unknown> | undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    code: text(error.code),
    message: text(error.message),
    requestId: text(inner?.['request-id']),
  };
}

// fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error) is in its cause.
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    ?.cause;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === 'string' ? detail : 'network error';
}
