// The notifications the fleet benchmark sends: an incoming call (claims the call for the
// instance it reaches), then state updates of that call (its other notifications).
import { randomUUID } from 'node:crypto';
import {
  callStateNotification,
  incomingCallNotification,
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

export function updateBody(callId: string): string {
  return JSON.stringify(callStateNotification(callId, 'established'));
}
