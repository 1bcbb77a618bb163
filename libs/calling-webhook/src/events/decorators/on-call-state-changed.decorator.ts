import type { CallState } from '@microsoft/microsoft-graph-types';
import type { CallStateChangedEvent } from '../call-events.interface.js';
import { isStateChange } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_STATE_CHANGE } from '../dispatch/handler-gates.js';

/**
 * Runs the method when a call notification carries a state (any change type: `terminated`
 * comes as `deleted`), optionally only for the given states (compared case-insensitively).
 */
export function OnCallStateChanged(
  state?: CallState | readonly CallState[],
): CallEventDecorator<CallStateChangedEvent> {
  const states =
    state === undefined
      ? undefined
      : (Array.isArray(state) ? state : [state]).map((s: string) =>
          s.toLowerCase(),
        );
  const wanted = states && new Set(states);
  return subscribeToCallEvents({
    gate: GATE_STATE_CHANGE,
    decorator: `@OnCallStateChanged(${states ? states.map((s) => `'${s}'`).join(', ') : ''})`,
    matches: (event) => isStateChange(event, wanted),
  });
}
