// The notifications the fleet benchmark sends: an incoming call (claims the call for the
// instance it reaches), then roster updates of that call (its other notifications).
import { randomUUID } from 'node:crypto';
import {
  incomingCallNotification,
  participantsNotification,
} from 'nestjs-calling-webhook/testing';

export function incomingBody(
  callId: string,
  tenantId: string,
  appId: string,
): string {
  return JSON.stringify(
    incomingCallNotification({
      callId,
      tenantId,
      from: { id: randomUUID(), displayName: 'Caller' },
      to: { id: appId, displayName: 'Bot' },
    }),
  );
}

let sequence = 0;

/**
 * A roster update of the call, the caller muted and unmuted in turn: it changes the call's
 * record and runs handlers every time, the most a notification costs (a repeated state change
 * would run none once the call's lifecycle has seen it, a key press writes no record).
 */
export function updateBody(callId: string): string {
  return JSON.stringify(
    participantsNotification(callId, [
      {
        kind: 'user',
        identity: { id: `${callId}-caller`, displayName: 'Caller' },
        isMuted: ++sequence % 2 === 0,
      },
    ]),
  );
}
