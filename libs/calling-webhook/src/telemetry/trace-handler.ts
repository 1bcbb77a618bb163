import { handlerChannel } from './telemetry-channels.js';
import { traced } from './traced.js';

/** What a handler trace needs of the event (a subset of `CallNotificationEvent`). */
export interface TracedEvent {
  readonly kind: string;
  readonly changeType: string;
  readonly callId: string;
}

/** Traces one handler run (`ClassName.method`) on one event. */
export function traceHandler<T>(
  handler: string,
  event: TracedEvent,
  work: () => Promise<T>,
): Promise<T> {
  return traced(
    handlerChannel,
    () => ({
      handler,
      eventKind: event.kind,
      changeType: event.changeType,
      callId: event.callId,
    }),
    work,
  );
}
