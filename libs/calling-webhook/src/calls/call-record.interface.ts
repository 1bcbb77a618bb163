import type {
  Call,
  CallState,
  Participant,
} from '@microsoft/microsoft-graph-types';

/** Why a call ended: Graph's `resultInfo`, and what it means in words. */
export interface CallEnd {
  /** `resultInfo.code` of the terminated notification (`404` when a keepAlive found the call gone). */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  /** `resultInfo.message` as Graph sent it. */
  readonly message: string | undefined;
  /** A readable reason for the codes Graph documents (`'keepAlive timeout'`, `'declined'`, ...). */
  readonly reason: string;
  /** Epoch milliseconds. */
  readonly endedAt: number;
}

/** An operation the app started and whose completion has not arrived yet. */
export interface PendingOperationRecord {
  /** The `clientContext` sent, which Graph echoes in the completion. */
  readonly clientContext: string;
  /** The operation id Graph answered with. */
  readonly operationId: string | undefined;
  /** `#microsoft.graph.playPromptOperation`, ... */
  readonly odataType: string | undefined;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/**
 * One call as the module knows it (`CallRegistry.get`). A snapshot: it never changes, a newer
 * one replaces it. Holds no secret (no token, no recording access token), so a shared store may
 * keep it as it is.
 */
export interface CallRecord {
  /** The call id in the form it was first known by (answered, placed, or first notified). */
  readonly callId: string;
  readonly tenantId: string;
  /** `incoming` (placed to the bot) or `outgoing` (placed by the bot), when known. */
  readonly direction: 'incoming' | 'outgoing' | undefined;
  /**
   * The call's state as its notifications told it; it never moves back (a late `establishing`
   * after `established` leaves it). `undefined` for a placed call until its first notification.
   */
  readonly state: CallState | undefined;
  /** The `Call` resource: what Graph answered, then each call notification's data merged in. */
  readonly call: Call;
  /** The roster, by participant id, merged from roster notifications (`deleted` removes). */
  readonly participants: Readonly<Record<string, Participant>>;
  /** Operations started and not finished, by `clientContext`. */
  readonly pendingOperations: Readonly<Record<string, PendingOperationRecord>>;
  /** The module keeps this call alive (the app answered or placed it, and keepAlive is on). */
  readonly keepAlive: boolean;
  /** The call reached `established` (its `@OnCallEstablished` handlers ran). */
  readonly established: boolean;
  /** Why it ended, once it did. */
  readonly end: CallEnd | undefined;
  /**
   * The duplicate key of the notification that last moved the state: the platform's retry of it,
   * after a handler failed, runs the handlers it ran (`transitionGates`) again.
   */
  readonly transitionKey: string | undefined;
  /** Which handlers that notification let run (a bit set the module reads). */
  readonly transitionGates: number;
  /** Bumped by every write; a store refuses a write made from an older version. */
  readonly version: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}
