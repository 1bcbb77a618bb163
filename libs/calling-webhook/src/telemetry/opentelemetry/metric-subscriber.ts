import { performance } from 'node:perf_hooks';
import {
  callEndChannel,
  callStartChannel,
  graphRequestChannel,
  graphRetryChannel,
  handlerChannel,
  keepAliveChannel,
  notificationChannel,
  signingKeysRefreshChannel,
  tokenCacheLookupChannel,
} from '../telemetry-channels.js';
import type {
  GraphRequestTraceMessage,
  GraphRetryMessage,
  HandlerTraceMessage,
  KeepAliveMessage,
  NotificationTraceMessage,
  SigningKeysRefreshMessage,
  TokenCacheLookupMessage,
} from '../telemetry-messages.interface.js';
import { ChannelSubscriptions } from './channel-subscriptions.js';
import { errorTypeOf } from './error-type.js';
import type { OpenTelemetryApi } from './load-opentelemetry-api.js';
import {
  ATTR,
  HTTP_DURATION_BUCKETS,
  INSTRUMENTATION_SCOPE,
  METRIC,
} from './semantic-names.js';
import { defined, graphRequestAttributes } from './attributes.js';

/**
 * The library's metrics. Attributes are low-cardinality on purpose: a status, a route template,
 * a handler name; never a call id (one series per call would grow without bound).
 */
export function subscribeMetrics(api: OpenTelemetryApi): () => void {
  const meter = api.metrics.getMeter(INSTRUMENTATION_SCOPE);
  const notifications = meter.createCounter(METRIC.notifications, {
    description:
      'Webhook requests of the calling platform, by the status answered',
    unit: '{notification}',
  });
  const handlerDuration = meter.createHistogram(METRIC.handlerDuration, {
    description: 'How long call event handlers ran',
    unit: 's',
    advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
  });
  const refreshes = meter.createCounter(METRIC.signingKeyRefreshes, {
    description: 'Fetches of the platform signing keys, by outcome',
    unit: '{refresh}',
  });
  const tokenLookups = meter.createCounter(METRIC.tokenCacheLookups, {
    description:
      'Platform tokens looked up among verified ones: hit (no signature check) or miss',
    unit: '{lookup}',
  });
  const graphDuration = meter.createHistogram(
    METRIC.httpClientRequestDuration,
    {
      description: 'Duration of Graph call-control requests, retries included',
      unit: 's',
      advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
    },
  );
  const graphRetries = meter.createCounter(METRIC.graphRetries, {
    description: 'Graph attempts that failed and were retried',
    unit: '{retry}',
  });
  const keepAlives = meter.createCounter(METRIC.keepAlives, {
    description: 'keepAlive requests sent for live calls, by outcome',
    unit: '{request}',
  });
  const activeCalls = meter.createUpDownCounter(METRIC.activeCalls, {
    description: 'Live calls this instance tracks',
    unit: '{call}',
  });

  const startedAt = new WeakMap<object, number>();
  const seconds = (message: object) =>
    (performance.now() - (startedAt.get(message) ?? performance.now())) / 1000;

  const subscriptions = new ChannelSubscriptions()
    .on<NotificationTraceMessage>(notificationChannel.asyncEnd, (m) =>
      notifications.add(1, { [ATTR.httpResponseStatusCode]: m.status ?? 500 }),
    )
    .on<HandlerTraceMessage>(handlerChannel.start, (m) =>
      startedAt.set(m, performance.now()),
    )
    .on<HandlerTraceMessage>(handlerChannel.asyncEnd, (m) =>
      handlerDuration.record(
        seconds(m),
        defined({
          [ATTR.handlerName]: m.handler,
          [ATTR.eventKind]: m.eventKind,
          [ATTR.errorType]: m.error ? errorTypeOf(m.error) : undefined,
        }),
      ),
    )
    .on<GraphRequestTraceMessage>(graphRequestChannel.start, (m) =>
      startedAt.set(m, performance.now()),
    )
    .on<GraphRequestTraceMessage>(graphRequestChannel.asyncEnd, (m) => {
      const { [ATTR.httpRequestResendCount]: _resends, ...outcome } =
        graphRequestAttributes(m);
      graphDuration.record(
        seconds(m),
        defined({
          [ATTR.httpRequestMethod]: m.method,
          [ATTR.urlTemplate]: m.route,
          [ATTR.serverAddress]: m.serverAddress,
          [ATTR.serverPort]: m.serverPort,
          ...outcome,
        }),
      );
    })
    .on<GraphRetryMessage>(graphRetryChannel, (m) =>
      graphRetries.add(
        1,
        defined({
          [ATTR.httpRequestMethod]: m.request.method,
          [ATTR.urlTemplate]: m.request.route,
          [ATTR.httpResponseStatusCode]: m.status,
          [ATTR.errorType]: m.code,
        }),
      ),
    )
    .on<SigningKeysRefreshMessage>(signingKeysRefreshChannel, (m) =>
      refreshes.add(1, { [ATTR.refreshOutcome]: m.outcome }),
    )
    .on<TokenCacheLookupMessage>(tokenCacheLookupChannel, (m) =>
      tokenLookups.add(1, { [ATTR.tokenCacheResult]: m.hit ? 'hit' : 'miss' }),
    )
    .on<KeepAliveMessage>(keepAliveChannel, (m) =>
      keepAlives.add(1, { [ATTR.keepAliveOutcome]: m.outcome }),
    )
    .on(callStartChannel, () => activeCalls.add(1))
    .on(callEndChannel, () => activeCalls.add(-1));

  return () => subscriptions.close();
}
