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
    this.logger.log(
      `incomingCall call=${event.callId} tenant=${event.tenantId}`,
    );
  }

  @OnCallStateChanged()
  stateChanged(event: CallStateChangedEvent): void {
    this.logger.log(
      `callStateChanged call=${event.callId} state=${event.state}`,
    );
  }

  @OnCallEstablished()
  established(event: CallEstablishedEvent): void {
    this.logger.log(`callEstablished call=${event.callId}`);
  }

  @OnCallTerminated()
  terminated(event: CallTerminatedEvent): void {
    this.logger.log(`callTerminated call=${event.callId}`);
  }

  @OnParticipantsUpdated()
  participants(event: ParticipantsUpdatedEvent): void {
    this.logger.log(
      `participantsUpdated call=${event.callId} participants=${event.participants.length}`,
    );
  }

  @OnOperationCompleted()
  operation(event: OperationCompletedEvent): void {
    this.logger.log(
      `operationCompleted call=${event.callId} type=${event.operationType} code=${event.resultInfo?.code}`,
    );
  }

  @OnToneReceived()
  tone(event: ToneReceivedEvent): void {
    this.logger.log(
      `toneReceived call=${event.callId} tone=${event.tone.tone}`,
    );
  }

  @OnCallNotification()
  any(event: AnyCallNotificationEvent): void {
    this.logger.log(
      `callNotification call=${event.callId} kind=${event.kind} change=${event.changeType}`,
    );
  }
}
