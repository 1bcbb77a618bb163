import type { NotificationTraceMessage } from './telemetry-messages.interface.js';

// The message of a request's notification trace, for the steps after the one that started it,
// without adding anything to the request object. Keyed by the Node request, so that a
// middleware (raw `IncomingMessage`) and an interceptor (Express request or Fastify `.raw`)
// find the same one.
const messages = new WeakMap<object, NotificationTraceMessage>();

/** Remembers `message` as the trace message of `request`. */
export function bindNotificationTrace(
  request: object,
  message: NotificationTraceMessage,
): void {
  messages.set(request, message);
}

/** The trace message of `request` (an Express request, a Fastify request or a raw one), if any. */
export function notificationTraceOf(
  request: object,
): NotificationTraceMessage | undefined {
  return (
    messages.get(request) ??
    messages.get((request as { raw?: object }).raw ?? request)
  );
}
