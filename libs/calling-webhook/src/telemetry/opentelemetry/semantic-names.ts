// Attribute and metric names. Where OpenTelemetry's semantic conventions define one (HTTP:
// `http.*`, `url.*`, `server.*`, `error.type`, `http.client.request.duration`) it is used as
// defined, so that dashboards built for any HTTP client work on Graph requests. What the
// conventions do not know (a call, a notification, a handler) is under `calling.`: a namespace
// of our own, as the conventions ask of libraries, which no future convention will collide with.

/** The instrumentation scope of every span and instrument of this library. */
export const INSTRUMENTATION_SCOPE = 'nestjs-calling-webhook';

export const ATTR = {
  // OpenTelemetry semantic conventions (stable).
  httpRequestMethod: 'http.request.method',
  httpResponseStatusCode: 'http.response.status_code',
  httpRequestResendCount: 'http.request.resend_count',
  urlFull: 'url.full',
  urlTemplate: 'url.template',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  // This library's own.
  callId: 'calling.call.id',
  notificationProtocol: 'calling.notification.protocol',
  notificationChangeType: 'calling.notification.change_type',
  notificationResourceKind: 'calling.notification.resource_kind',
  notificationCount: 'calling.notification.count',
  handlerName: 'calling.handler.name',
  eventKind: 'calling.event.kind',
  retryAttempt: 'calling.graph.retry.attempt',
  retryDelay: 'calling.graph.retry.delay_ms',
  refreshOutcome: 'calling.signing_keys.refresh.outcome',
  tokenCacheResult: 'calling.token_cache.result',
  keepAliveOutcome: 'calling.keep_alive.outcome',
} as const;

export const METRIC = {
  /** Semantic convention: Graph request durations (one per logical request, retries included). */
  httpClientRequestDuration: 'http.client.request.duration',
  notifications: 'calling.notifications',
  handlerDuration: 'calling.handler.duration',
  signingKeyRefreshes: 'calling.signing_keys.refreshes',
  tokenCacheLookups: 'calling.token_cache.lookups',
  graphRetries: 'calling.graph.retries',
  keepAlives: 'calling.keep_alives',
  activeCalls: 'calling.active_calls',
} as const;

/** Span names: low cardinality, as the conventions ask (no call id in a name). */
export const SPAN = {
  notification: 'calling.notification',
  handler: (handler: string) => `calling.handler ${handler}`,
  // HTTP client convention: `{method} {url.template}`.
  graphRequest: (method: string, route: string) => `${method} ${route}`,
  graphRetryEvent: 'calling.graph.retry',
} as const;

/** The semantic conventions' advised buckets for HTTP durations, in seconds. */
export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
