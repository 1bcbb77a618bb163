import type { Span } from '@opentelemetry/api';
import { setTraceScope } from '../traced.js';
import {
  graphRequestChannel,
  graphRetryChannel,
  handlerChannel,
  notificationChannel,
} from '../telemetry-channels.js';
import type {
  GraphRequestTraceMessage,
  GraphRetryMessage,
  HandlerTraceMessage,
  NotificationTraceMessage,
} from '../telemetry-messages.interface.js';
import { ChannelSubscriptions } from './channel-subscriptions.js';
import type { OpenTelemetryApi } from './load-opentelemetry-api.js';
import { ATTR, INSTRUMENTATION_SCOPE, SPAN } from './semantic-names.js';
import {
  defined,
  graphRequestAttributes,
  notificationAttributes,
  type Attributes,
} from './attributes.js';
import { errorTypeOf } from './error-type.js';

/**
 * Spans of the traced operations: a notification (child of the HTTP server span active when the
 * request arrived), its handler runs, and Graph requests (HTTP client conventions, retries as
 * events). An error is recorded by its type only: its message may quote anything, a token
 * included, and a stack trace never leaves the process.
 */
export function subscribeSpans(api: OpenTelemetryApi): () => void {
  const tracer = api.trace.getTracer(INSTRUMENTATION_SCOPE);
  const spans = new WeakMap<object, Span>();
  const subscriptions = new ChannelSubscriptions();

  const start = (
    message: object,
    name: string,
    kind: number,
    attributes: Attributes,
  ) =>
    spans.set(
      message,
      tracer.startSpan(name, { kind, attributes: defined(attributes) }),
    );
  const finish = (message: object, attributes: Attributes, failed: unknown) => {
    const span = spans.get(message);
    if (!span) return;
    spans.delete(message);
    span.setAttributes(defined(attributes));
    if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR });
    span.end();
  };

  subscriptions
    .on<NotificationTraceMessage>(notificationChannel.start, (m) =>
      start(m, SPAN.notification, api.SpanKind.INTERNAL, {}),
    )
    .on<NotificationTraceMessage>(notificationChannel.asyncEnd, (m) => {
      const status = m.status ?? 500;
      finish(m, notificationAttributes(m, status), status >= 500);
    })
    .on<HandlerTraceMessage>(handlerChannel.start, (m) =>
      start(m, SPAN.handler(m.handler), api.SpanKind.INTERNAL, {
        [ATTR.handlerName]: m.handler,
        [ATTR.eventKind]: m.eventKind,
        [ATTR.notificationChangeType]: m.changeType,
        [ATTR.callId]: m.callId,
      }),
    )
    .on<HandlerTraceMessage>(handlerChannel.asyncEnd, (m) =>
      finish(
        m,
        { [ATTR.errorType]: m.error ? errorTypeOf(m.error) : undefined },
        m.error,
      ),
    )
    .on<GraphRequestTraceMessage>(graphRequestChannel.start, (m) =>
      start(m, SPAN.graphRequest(m.method, m.route), api.SpanKind.CLIENT, {
        [ATTR.httpRequestMethod]: m.method,
        [ATTR.urlFull]: m.url,
        [ATTR.urlTemplate]: m.route,
        [ATTR.serverAddress]: m.serverAddress,
        [ATTR.serverPort]: m.serverPort,
        [ATTR.callId]: m.callId,
      }),
    )
    .on<GraphRequestTraceMessage>(graphRequestChannel.asyncEnd, (m) =>
      finish(m, graphRequestAttributes(m), m.error),
    )
    .on<GraphRetryMessage>(graphRetryChannel, (m) =>
      spans.get(m.request)?.addEvent(
        SPAN.graphRetryEvent,
        defined({
          [ATTR.retryAttempt]: m.attempt,
          [ATTR.httpResponseStatusCode]: m.status,
          [ATTR.errorType]: m.code,
          [ATTR.retryDelay]: m.delayMs,
        }),
      ),
    );

  setTraceScope((message, work) => {
    const span = spans.get(message);
    if (!span) return work();
    return api.context.with(
      api.trace.setSpan(api.context.active(), span),
      work,
    );
  });

  return () => {
    setTraceScope(undefined);
    subscriptions.close();
  };
}
