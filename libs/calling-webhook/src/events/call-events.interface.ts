import type {
  Call,
  CallState,
  CommsOperation,
  Participant,
  ResultInfo,
  ToneInfo,
} from '@microsoft/microsoft-graph-types';
import type { CallNotificationEvent } from './call-notification-event.interface.js';

/** A notification about a call resource (`/communications/calls/{id}`). */
export interface CallEvent extends CallNotificationEvent<Call | undefined> {
  readonly kind: 'call';
  /** The call (`resourceData`), absent from some `deleted` notifications. */
  readonly call: Call | undefined;
  /** The call's state, in Graph's casing (`Established` arrives as `established`). */
  readonly state: CallState | undefined;
  /** The DTMF tone, on a call update that carries `toneInfo`. */
  readonly tone: ToneInfo | undefined;
}

/** `@OnIncomingCall()`: a call `created` in state `incoming`. */
export interface IncomingCallEvent extends CallEvent {
  readonly call: Call;
  readonly state: 'incoming';
}

/** `@OnCallStateChanged()`: a call notification carrying a state. */
export interface CallStateChangedEvent extends CallEvent {
  readonly call: Call;
  readonly state: CallState;
}

/** `@OnCallEstablished()`: the call reached `established`. */
export interface CallEstablishedEvent extends CallStateChangedEvent {
  readonly state: 'established';
}

/** `@OnCallTerminated()`: the call is `terminated`, or was `deleted` (the data may be absent). */
export type CallTerminatedEvent = CallEvent;

/** `@OnToneReceived()`: a call update carrying `toneInfo`. */
export interface ToneReceivedEvent extends CallEvent {
  readonly call: Call;
  readonly tone: ToneInfo;
}

/** `@OnParticipantsUpdated()`: a roster (`.../participants`); `resource` is as it came. */
export interface ParticipantsUpdatedEvent extends CallNotificationEvent<
  Participant[] | Participant | undefined
> {
  readonly kind: 'participants';
  /** The roster as an array (a single participant becomes an array of one). */
  readonly participants: Participant[];
}

/** `@OnOperationCompleted()`: an operation (`.../operations/{id}`) that finished. */
export interface OperationCompletedEvent<
  TOperation extends CommsOperation = CommsOperation,
> extends CallNotificationEvent<TOperation> {
  readonly kind: 'operation';
  /** The operation (`resourceData`); `resultInfo.code` is always a number. */
  readonly operation: TOperation;
  /** From `@odata.type`: `#microsoft.graph.playPromptOperation` gives `playPrompt`. */
  readonly operationType: string | undefined;
  /** The last segment of the resource URL. */
  readonly operationId: string | undefined;
  /** The operation's result, with `code` and `subcode` as numbers whatever they came as. */
  readonly resultInfo: ResultInfo | undefined;
}

/** A notification about anything else under a call (kinds not named above). */
export interface OtherCallNotificationEvent extends CallNotificationEvent {
  readonly kind: 'other';
}

/** Every event, discriminated by `kind`: what the parser produces for one notification. */
export type AnyCallNotificationEvent =
  | CallEvent
  | ParticipantsUpdatedEvent
  | OperationCompletedEvent
  | OtherCallNotificationEvent;
