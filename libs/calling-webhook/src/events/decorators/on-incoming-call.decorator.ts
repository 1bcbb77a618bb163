import type { IncomingCallEvent } from '../call-events.interface.js';
import { isIncomingCall } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_STATE_CHANGE } from '../dispatch/handler-gates.js';

/** Runs the method for a new incoming call (a call `created` in state `incoming`): answer it here. */
export function OnIncomingCall(): CallEventDecorator<IncomingCallEvent> {
  return subscribeToCallEvents({
    gate: GATE_STATE_CHANGE,
    decorator: '@OnIncomingCall()',
    matches: isIncomingCall,
  });
}
