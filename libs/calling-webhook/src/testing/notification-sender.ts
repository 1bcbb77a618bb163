import { randomUUID } from 'node:crypto';

/** One HTTP exchange of a delivery: what was posted where, and what came back. */
export interface DeliveryHop {
  readonly url: string;
  readonly format: 'legacy' | 'graph';
  /** The answer's status; `0` when none came (connection refused, reset, timeout). */
  readonly status: number;
  /** Why no answer came, when `status` is `0`. */
  readonly error?: string;
  readonly location?: string;
  /** The answer's `Retry-After`, if any. */
  readonly retryAfter?: string;
  readonly durationMs: number;
  readonly messageId: string;
  /** Epoch milliseconds when the request was sent. */
  readonly startedAt: number;
}

/** The outcome of delivering one notification the way the platform does. */
export interface DeliveryResult {
  /** Every request made, in order (a redirect or a legacy 204 adds one). */
  readonly hops: readonly DeliveryHop[];
  /** The status of the last request. */
  readonly status: number;
  /** Where the notification was finally accepted (or refused). */
  readonly finalUrl: string;
}

/** What `NotificationSender.deliver()` takes besides the target and the Graph body. */
export interface DeliveryOptions {
  /** Sent first, as the platform does for a call's first notification; re-sent as Graph on 204. */
  readonly legacyBody?: unknown;
  /** The bearer token; by default a fresh one from the sender's minter. */
  readonly token?: string;
  /** `X-Microsoft-Skype-Chain-ID`: the same for every notification of one call. */
  readonly chainId?: string;
  /**
   * `X-Microsoft-Skype-Message-ID` of the (first) POST: a redelivery repeats the message id of
   * the notification it delivers again.
   * @default a fresh UUID
   */
  readonly messageId?: string;
  /** Extra headers (they win over the platform's). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Re-send after a `503` this many times, after its `Retry-After` (at most 15 s), as the
   * platform retries a failed delivery (e.g. a bot still fetching its signing keys).
   * @default 0
   */
  readonly retryUnavailable?: number;
}

const MAX_REDIRECTS = 3;
const MAX_RETRY_AFTER_MS = 15_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Posts notifications to a bot the way the Teams calling platform does: a signed bearer token on
 * every POST, the platform's headers, the legacy body first when there is one (re-sent in Graph
 * format when the bot answers 204), and redirects followed by re-posting to `Location`.
 */
export class NotificationSender {
  constructor(
    private readonly mintToken: () => string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Delivers one notification to `url`, following the platform's protocol rules. */
  async deliver(
    url: string,
    graphBody: unknown,
    options: DeliveryOptions = {},
  ): Promise<DeliveryResult> {
    const hops: DeliveryHop[] = [];
    const chainId = options.chainId ?? randomUUID();
    let target = url;
    let format: 'legacy' | 'graph' =
      options.legacyBody === undefined ? 'graph' : 'legacy';
    // A redirected notification keeps its message id; the Graph re-send of a legacy one is new.
    let messageId = options.messageId ?? randomUUID();
    let retries = options.retryUnavailable ?? 0;
    for (let attempt = 0; attempt <= MAX_REDIRECTS + 1; attempt++) {
      const body = format === 'legacy' ? options.legacyBody : graphBody;
      const hop = await this.post(
        target,
        format,
        body,
        { chainId, messageId },
        options,
      );
      hops.push(hop);
      if (format === 'legacy' && hop.status === 204) {
        format = 'graph';
        messageId = randomUUID();
        continue;
      }
      if (hop.status === 503 && retries > 0) {
        retries--;
        attempt--;
        await new Promise((r) => setTimeout(r, retryDelayMs(hop.retryAfter)));
        continue;
      }
      if (REDIRECT_STATUSES.has(hop.status) && hop.location) {
        if (hops.filter((h) => h.location).length > MAX_REDIRECTS) break;
        target = new URL(hop.location, target).toString();
        continue;
      }
      break;
    }
    const last = hops[hops.length - 1];
    return { hops, status: last.status, finalUrl: last.url };
  }

  private async post(
    url: string,
    format: 'legacy' | 'graph',
    body: unknown,
    { chainId, messageId }: { chainId: string; messageId: string },
    options: DeliveryOptions,
  ): Promise<DeliveryHop> {
    const startedAt = Date.now();
    const started = performance.now();
    const hop = { url, format, messageId, startedAt };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          authorization: `Bearer ${options.token ?? this.mintToken()}`,
          'content-type': 'application/json; charset=utf-8',
          'x-microsoft-skype-message-id': messageId,
          'x-microsoft-skype-chain-id': chainId,
          'scenario-id': chainId,
          'user-agent': 'nestjs-calling-webhook-simulator',
          ...options.headers,
        },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
    } catch (error) {
      return {
        ...hop,
        status: 0,
        error: networkError(error),
        durationMs: performance.now() - started,
      };
    }
    return {
      ...hop,
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      retryAfter: response.headers.get('retry-after') ?? undefined,
      durationMs: performance.now() - started,
    };
  }
}

function retryDelayMs(retryAfter: string | undefined): number {
  const seconds = Number(retryAfter);
  const ms = Number.isFinite(seconds)
    ? seconds * 1000
    : Date.parse(retryAfter ?? '') - Date.now();
  return Math.min(
    Math.max(Number.isFinite(ms) ? ms : 1000, 0),
    MAX_RETRY_AFTER_MS,
  );
}

// fetch wraps the socket error (ECONNREFUSED, ...) in a generic "fetch failed".
function networkError(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  if (error.name === 'TimeoutError') return 'no answer before the timeout';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    .cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ?? error.message;
}
