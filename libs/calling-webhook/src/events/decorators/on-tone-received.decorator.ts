import type { ToneReceivedEvent } from '../call-events.interface.js';
import { isToneReceived } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_LIVE } from '../dispatch/handler-gates.js';

/** Runs the method for a DTMF tone (a call update carrying `toneInfo`, after `subscribeToTone`). */
export function OnToneReceived(): CallEventDecorator<ToneReceivedEvent> {
  return subscribeToCallEvents({
    gate: GATE_LIVE,
    decorator: '@OnToneReceived()',
    matches: isToneReceived,
  });
}
