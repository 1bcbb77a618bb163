import type { TracingChannel } from 'node:diagnostics_channel';

/**
 * Runs traced work inside a subscriber's own context, so that what the work starts (a handler's
 * Graph request) is a child of the operation. OpenTelemetry needs it: its AsyncLocalStorage is
 * private, so `channel.start.bindStore()` cannot reach it (opentelemetry-js#6088), and
 * `context.with()` is the public way to make a span current.
 */
export type TraceScope = <T>(
  message: object,
  work: () => Promise<T>,
) => Promise<T>;

let scope: TraceScope | undefined;

/** Installs (or, with `undefined`, removes) the scope traced work runs in. */
export function setTraceScope(next: TraceScope | undefined): void {
  scope = next;
}

/**
 * `work` traced on `channel`: start, end, asyncStart, asyncEnd (and error) with one message.
 * When nothing subscribes, `work` runs as is and `message` is not even made.
 */
export function traced<M extends object, T>(
  channel: TracingChannel<unknown, M>,
  message: () => M,
  work: () => Promise<T>,
): Promise<T> {
  if (!channel.hasSubscribers) return work();
  const context = message();
  const within = scope;
  return channel.tracePromise(
    within ? () => within(context, work) : work,
    context,
  );
}
