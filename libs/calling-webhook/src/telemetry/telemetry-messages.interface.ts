// The message of each diagnostics channel (names in `telemetry.constants.ts`): public API.
// A tracing channel's message is one object per operation, the same object on each of its events:
// the library fills fields in as it learns them, and Node sets `error` (when the work threw)
// and `result`. No message carries a token, a secret, a caller's name or a phone number.

/** `NOTIFICATION_CHANNEL`: one webhook request, from arrival to the answer. */
export interface NotificationTraceMessage {
  /** `graph` or `legacy` once the body was classified; absent when refused before (401, 413, ...). */
  protocol?: 'graph' | 'legacy';
  /** The call of the (first) notification, once the body was classified. */
  callId?: string;
  /** `created`, `updated` or `deleted`, lower case, of the first notification. */
  changeType?: string;
  /** What the first notification is about, from its resource URL. */
  resourceKind?: 'call' | 'participants' | 'operation' | 'other';
  /** How many notifications the body carries (a Graph body may batch several). */
  notificationCount?: number;
  /** The HTTP status answered to the platform (202, 204, 302, 401, 500, ...); set before the end. */
  status?: number;
  /** Set by Node when the traced work threw (the answer is then in `status` all the same). */
  error?: unknown;
}

/** `HANDLER_CHANNEL`: one handler run on one notification. */
export interface HandlerTraceMessage {
  /** `ClassName.methodName`. */
  readonly handler: string;
  /** What the notification is about (`call`, `participants`, `operation`, `other`). */
  readonly eventKind: string;
  /** `created`, `updated` or `deleted`. */
  readonly changeType: string;
  readonly callId: string;
  /** Set by Node when the handler threw or rejected. */
  error?: unknown;
}

/** `GRAPH_REQUEST_CHANNEL`: one logical Graph request (all its attempts). */
export interface GraphRequestTraceMessage {
  readonly method: string;
  /** The URL requested (the Graph base URL and the path: ids, never a token or a query). */
  readonly url: string;
  /** The path template under the Graph host, ids replaced: `/v1.0/communications/calls/{id}/answer`. */
  readonly route: string;
  /** The Graph host and port (`graph.microsoft.com`, 443). */
  readonly serverAddress: string;
  readonly serverPort: number;
  /** The call the request acts on, when its path names one. */
  readonly callId: string | undefined;
  /** Attempts made so far, the first included. */
  attempts: number;
  /** The HTTP status of the last answer; absent after a timeout, a network error or no token. */
  status?: number;
  /** Why it failed, when it did: Graph's error code, `timeout`, `networkError`, `noAppToken`. */
  errorCode?: string;
  /** Set by Node when the request failed (a `GraphCallError`, an `AppTokenError`). */
  error?: unknown;
}

/** `GRAPH_RETRY_CHANNEL`: an attempt failed and the request is sent again after `delayMs`. */
export interface GraphRetryMessage {
  /** The request's tracing message (the same object as on `GRAPH_REQUEST_CHANNEL`). */
  readonly request: GraphRequestTraceMessage;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  /** Its HTTP status; absent after a timeout or a network error. */
  readonly status: number | undefined;
  /** Graph's error code, `timeout` or `networkError`. */
  readonly code: string;
  readonly delayMs: number;
}

/** `SIGNING_KEYS_REFRESH_CHANNEL`: a fetch of the OpenID configuration and key set ended. */
export interface SigningKeysRefreshMessage {
  readonly outcome: 'success' | 'failure';
  /** Keys held after the fetch (a failure keeps the keys known before). */
  readonly keyCount: number;
  /** Why it failed (a short, secret-free reason), on failure. */
  readonly reason?: string;
  readonly durationMs: number;
}

/** `TOKEN_CACHE_LOOKUP_CHANNEL`: a bearer token was looked up among verified ones. */
export interface TokenCacheLookupMessage {
  /** `true`: verified before, no signature check; `false`: it is verified now. */
  readonly hit: boolean;
}

/** `KEEP_ALIVE_CHANNEL`: a keepAlive the module sent for a call ended (one it gave up on purpose is not told). */
export interface KeepAliveMessage {
  readonly callId: string;
  /** `ok`, `failed` (the next one comes as planned), or `gone` (Graph answered 404: the call ended). */
  readonly outcome: 'ok' | 'failed' | 'gone';
  /** Graph's HTTP status of a `failed` or `gone` keepAlive; absent after a timeout or a network error. */
  readonly status?: number;
}

/**
 * `CALL_START_CHANNEL`: this instance keeps a live call alive from now on: a call the app answered
 * or placed reached `established`, or (a fleet) this instance took it over. Told once per call and
 * instance, however often `established` is delivered; a `CALL_END_CHANNEL` message follows once.
 * Nothing is told with keepAlive off (`calls.keepAlive: false`).
 */
export interface CallStartMessage {
  readonly callId: string;
  /** `incoming` (answered) or `outgoing` (placed); `undefined` for a call taken over whose direction Graph did not say. */
  readonly direction: 'incoming' | 'outgoing' | undefined;
}

/** `CALL_END_CHANNEL`: this instance no longer keeps a call alive (once per `CALL_START_CHANNEL` message). */
export interface CallEndMessage {
  readonly callId: string;
  /**
   * `terminated`: the call ended (its terminated notification). `gone`: Graph answered a keepAlive
   * 404, so the module ended it. `handedOver`: another instance of the fleet owns the call now.
   * `stopped`: this instance shut down (in a fleet, another instance takes the call over).
   */
  readonly reason: 'terminated' | 'gone' | 'handedOver' | 'stopped';
}
