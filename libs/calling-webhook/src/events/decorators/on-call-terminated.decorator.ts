import type { CallTerminatedEvent } from '../call-events.interface.js';
import { isTerminated } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';

/** Runs the method when a call ends: state `terminated`, or the call `deleted` (data may be absent). */
export function OnCallTerminated(): CallEventDecorator<CallTerminatedEvent> {
  return subscribeToCallEvents({
    decorator: '@OnCallTerminated()',
    matches: isTerminated,
  });
}
