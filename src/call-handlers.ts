import { Injectable, Logger } from '@nestjs/common';
import {
  OnCallEstablished,
  OnCallNotification,
  OnCallStateChanged,
  OnCallTerminated,
  OnIncomingCall,
  OnOperationCompleted,
  OnParticipantsUpdated,
  OnToneReceived,
  type AnyCallNotificationEvent,
  type CallEstablishedEvent,
  type CallStateChangedEvent,
  type CallTerminatedEvent,
  type IncomingCallEvent,
  type OperationCompletedEvent,
  type ParticipantsUpdatedEvent,
  type ToneReceivedEvent,
} from 'nestjs-calling-webhook';

/** The sample bot's call event handlers: one line to stdout per event, naming it and its call. */
@Injectable()
export class CallHandlers {
  private readonly logger = new Logger('SampleBot');

  @OnIncomingCall()
  incoming(event: IncomingCallEvent): void {
    this.logger.log(`incomingCall tenant=${event.tenantId}`, {
      callId: event.callId,
    });
  }

  @OnCallStateChanged()
  stateChanged(event: CallStateChangedEvent): void {
    this.logger.log(`callStateChanged state=${event.state}`, {
      callId: event.callId,
    });
  }

  @OnCallEstablished()
  established(event: CallEstablishedEvent): void {
    this.logger.log('callEstablished', { callId: event.callId });
  }

  @OnCallTerminated()
  terminated(event: CallTerminatedEvent): void {
    this.logger.log('callTerminated', { callId: event.callId });
  }

  @OnParticipantsUpdated()
  participants(event: ParticipantsUpdatedEvent): void {
    this.logger.log(
      `participantsUpdated participants=${event.participants.length}`,
      { callId: event.callId },
    );
  }

  @OnOperationCompleted()
  operation(event: OperationCompletedEvent): void {
    this.logger.log(
      `operationCompleted type=${event.operationType} code=${event.resultInfo?.code}`,
      { callId: event.callId },
    );
  }

  @OnToneReceived()
  tone(event: ToneReceivedEvent): void {
    this.logger.log(`toneReceived tone=${event.tone.tone}`, {
      callId: event.callId,
    });
  }

  @OnCallNotification()
  any(event: AnyCallNotificationEvent): void {
    this.logger.log(
      `callNotification kind=${event.kind} change=${event.changeType}`,
      { callId: event.callId },
    );
  }
}
