import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  OnCallNotification,
  OnCallStateChanged,
  OnCallTerminated,
  OnIncomingCall,
  OnOperationCompleted,
  OnParticipantsUpdated,
  OnToneReceived,
  logSafe,
  type AnyCallNotificationEvent,
} from 'nestjs-calling-webhook';
import { INSTANCE_ID } from './instance-id.js';

/** The name a handled event is logged under; what came from the payload is escaped (logSafe). */
function eventName(event: AnyCallNotificationEvent): string {
  switch (event.kind) {
    case 'participants':
      return `participantsUpdated participants=${event.participants.length}`;
    case 'operation':
      return `operationCompleted type=${logSafe(event.operationType)} code=${logSafe(event.resultInfo?.code)}`;
    case 'call':
      if (event.tone) return `toneReceived tone=${logSafe(event.tone.tone)}`;
      if (event.state === 'incoming') return 'incomingCall';
      if (event.state === 'terminated' || event.changeType === 'deleted')
        return `callTerminated code=${logSafe(event.call?.resultInfo?.code)}`;
      return `callStateChanged state=${logSafe(event.state)}`;
    default:
      return `callNotification kind=${event.kind}`;
  }
}

/**
 * Logs one line per handled event, naming it and its call: one method under every decorator
 * runs once per notification however many match (a console line costs throughput). A
 * notification the call's lifecycle keeps from its handlers (a late `establishing`, a
 * repeated `established`) is not an event: it is not logged.
 */
@Injectable()
export class CallHandlers {
  private readonly logger = new Logger('SampleBot');

  // In a fleet, which instance handled an event is worth a glance.
  constructor(@Inject(INSTANCE_ID) private readonly instance: string) {}

  @OnIncomingCall()
  @OnCallStateChanged()
  @OnCallTerminated()
  @OnParticipantsUpdated()
  @OnOperationCompleted()
  @OnToneReceived()
  @OnCallNotification({ kind: 'other' })
  handled(event: AnyCallNotificationEvent): void {
    // The call id and the instance as fields: in JSON logs top-level `callId` and `instance`.
    this.logger.log(eventName(event), {
      callId: event.callId,
      instance: this.instance,
    });
  }
}
