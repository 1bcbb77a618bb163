import type { ParticipantsUpdatedEvent } from '../call-events.interface.js';
import { isParticipantsUpdate } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';

/** Runs the method for a roster notification (`.../participants`, `resourceData` an array). */
export function OnParticipantsUpdated(): CallEventDecorator<ParticipantsUpdatedEvent> {
  return subscribeToCallEvents({
    decorator: '@OnParticipantsUpdated()',
    matches: isParticipantsUpdate,
  });
}
