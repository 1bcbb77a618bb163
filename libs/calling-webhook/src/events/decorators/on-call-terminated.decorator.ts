import type { CallTerminatedEvent } from '../call-events.interface.js';
import { isTerminated } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_STATE_CHANGE } from '../dispatch/handler-gates.js';

/** Runs the method when a call ends: state `terminated`, or the call `deleted` (data may be absent). */
export function OnCallTerminated(): CallEventDecorator<CallTerminatedEvent> {
  return subscribeToCallEvents({
    gate: GATE_STATE_CHANGE,
    decorator: '@OnCallTerminated()',
    matches: isTerminated,
  });
}
