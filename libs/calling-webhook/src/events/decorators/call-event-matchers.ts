import type { CallState } from '@microsoft/microsoft-graph-types';
import type {
  AnyCallNotificationEvent,
  CallEvent,
  OperationCompletedEvent,
} from '../call-events.interface.js';
import { operationKey } from '../parsing/operation-type.js';

/** A call `created` in state `incoming`. */
export function isIncomingCall(event: AnyCallNotificationEvent): boolean {
  return (
    event.kind === 'call' &&
    event.changeType === 'created' &&
    event.state === 'incoming'
  );
}

/**
 * A call notification carrying a state, whatever its change type: the platform reports
 * `terminated` with `deleted`. A tone update repeats the current state, so it is not a change.
 */
export function isStateChange(
  event: AnyCallNotificationEvent,
  states?: ReadonlySet<string>,
): event is CallEvent & { state: CallState } {
  return (
    event.kind === 'call' &&
    event.state !== undefined &&
    event.tone === undefined &&
    (states === undefined || states.has(event.state.toLowerCase()))
  );
}

/** The call ended: state `terminated`, or the call resource `deleted`. */
export function isTerminated(event: AnyCallNotificationEvent): boolean {
  return (
    event.kind === 'call' &&
    (event.state === 'terminated' || event.changeType === 'deleted')
  );
}

/** A call update carrying `toneInfo`. */
export function isToneReceived(event: AnyCallNotificationEvent): boolean {
  return event.kind === 'call' && event.tone !== undefined;
}

/** A roster notification. */
export function isParticipantsUpdate(event: AnyCallNotificationEvent): boolean {
  return event.kind === 'participants';
}

/**
 * An operation that finished: the platform removes it (`deleted`) once it completed or failed;
 * an explicit final `status` counts too. `types` are operation keys (see `operationKey`).
 */
export function isOperationCompleted(
  event: AnyCallNotificationEvent,
  types?: ReadonlySet<string>,
): event is OperationCompletedEvent {
  if (event.kind !== 'operation') return false;
  const status = String(event.operation.status ?? '').toLowerCase();
  const finished =
    event.changeType === 'deleted' ||
    status === 'completed' ||
    status === 'failed';
  return (
    finished &&
    (types === undefined ||
      (event.operationType !== undefined &&
        types.has(operationKey(event.operationType))))
  );
}
