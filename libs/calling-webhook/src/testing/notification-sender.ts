import { randomUUID } from 'node:crypto';

/** One HTTP exchange of a delivery: what was posted where, and what came back. */
export interface DeliveryHop {
  readonly url: string;
  readonly format: 'legacy' | 'graph';
  readonly status: number;
  readonly location?: string;
  readonly durationMs: number;
  readonly messageId: string;
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
  /** Extra headers (they win over the platform's). */
  readonly headers?: Readonly<Record<string, string>>;
}

const MAX_REDIRECTS = 3;
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
    let messageId = randomUUID();
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
    const started = performance.now();
    const response = await fetch(url, {
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
    return {
      url,
      format,
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      durationMs: performance.now() - started,
      messageId,
    };
  }
}
