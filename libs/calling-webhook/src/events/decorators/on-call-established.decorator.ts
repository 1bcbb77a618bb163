import type { CallEstablishedEvent } from '../call-events.interface.js';
import { isStateChange } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_FIRST_ESTABLISHED } from '../dispatch/handler-gates.js';

const ESTABLISHED: ReadonlySet<string> = new Set(['established']);

/** Runs the method when a call reaches `established` (sugar for `@OnCallStateChanged('established')`). */
export function OnCallEstablished(): CallEventDecorator<CallEstablishedEvent> {
  return subscribeToCallEvents({
    gate: GATE_FIRST_ESTABLISHED,
    decorator: '@OnCallEstablished()',
    matches: (event) => isStateChange(event, ESTABLISHED),
  });
}
