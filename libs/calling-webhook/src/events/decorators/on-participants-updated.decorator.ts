import type { ParticipantsUpdatedEvent } from '../call-events.interface.js';
import { isParticipantsUpdate } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_LIVE } from '../dispatch/handler-gates.js';

/** Runs the method for a roster notification (`.../participants`, `resourceData` an array). */
export function OnParticipantsUpdated(): CallEventDecorator<ParticipantsUpdatedEvent> {
  return subscribeToCallEvents({
    gate: GATE_LIVE,
    decorator: '@OnParticipantsUpdated()',
    matches: isParticipantsUpdate,
  });
}
