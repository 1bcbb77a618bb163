import type { CallEstablishedEvent } from '../call-events.interface.js';
import { isStateChange } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';

const ESTABLISHED: ReadonlySet<string> = new Set(['established']);

/** Runs the method when a call reaches `established` (sugar for `@OnCallStateChanged('established')`). */
export function OnCallEstablished(): CallEventDecorator<CallEstablishedEvent> {
  return subscribeToCallEvents({
    decorator: '@OnCallEstablished()',
    matches: (event) => isStateChange(event, ESTABLISHED),
  });
}
