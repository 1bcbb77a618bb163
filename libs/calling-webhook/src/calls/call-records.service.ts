import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Call } from '@microsoft/microsoft-graph-types';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import type { CallReference } from '../control/call-reference.interface.js';
import type { AnyCallNotificationEvent } from '../events/call-events.interface.js';
import { describeError } from '../logging/describe-error.js';
import { callKeyOf } from '../protocol/call-id.js';
import type {
  CallRecord,
  PendingOperationRecord,
} from './call-record.interface.js';
import { CALLING_CALL_STORE } from './call-store.constants.js';
import type { CallingCallStore, MaybePromise } from './call-store.interface.js';
import {
  applyNotification,
  callEndOf,
  changed,
  newCallRecord,
  type CallTransition,
} from './call-transition.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';
import { isPromise } from './maybe-promise.js';

/** Told of every record written (keepAlive follows the calls this way). */
export type CallRecordListener = (
  record: CallRecord,
  principal: CallingPrincipal | undefined,
) => void;

/**
 * Told, and awaited, when the app answers or places a call, before its record is written (a
 * fleet claims the call here: its notifications may already be on their way to another instance).
 */
export type CallRegistrationListener = (call: CallReference) => Promise<void>;

/** What the app knows of a call it answered or placed. */
export interface CallRegistration {
  readonly direction: 'incoming' | 'outgoing';
  /** The call as Graph answered it (a placed call). */
  readonly call?: Call;
}

// Two writers of one call (a notification and a registration) rarely meet; one of them retries.
const MAX_ATTEMPTS = 5;

/**
 * Reads and writes call records in the store: every change is a new record written over the
 * version it was made from, retried when another writer came first. A store that fails is
 * logged and leaves the call without state for that moment (handlers still run), never a failure.
 */
@Injectable()
export class CallRecords {
  private readonly logger = new Logger('CallingWebhook');
  private readonly listeners: CallRecordListener[] = [];
  private readonly registrationListeners: CallRegistrationListener[] = [];

  constructor(
    @Inject(CALLING_CALL_STORE) private readonly store: CallingCallStore,
    @Inject(CALLS_OPTIONS) private readonly options: ResolvedCallsOptions,
  ) {}

  /** Calls `listener` with every record written from now on. */
  onWrite(listener: CallRecordListener): void {
    this.listeners.push(listener);
  }

  /** Calls `listener`, and waits for it, with every call the app answers or places from now on. */
  onRegister(listener: CallRegistrationListener): void {
    this.registrationListeners.push(listener);
  }

  /** The record of a call, by its id in any form. */
  async get(callId: string): Promise<CallRecord | undefined> {
    try {
      return await this.store.get(callKeyOf(callId));
    } catch (error) {
      this.logger.warn(`Call store read failed: ${describeError(error)}`);
      return undefined;
    }
  }

  /**
   * Applies a notification to its call's record (`call-transition.ts`), stored under `key`
   * (`callKeyOf(event.callId)`); `undefined` when the store failed (the notification then runs
   * every handler that matches, as without state). With a store that answers at once, so does
   * this: no promise per notification.
   */
  apply(
    event: AnyCallNotificationEvent,
    key: string,
    duplicateKey: string | undefined,
  ): MaybePromise<CallTransition | undefined> {
    let transition: CallTransition | undefined;
    const written = this.update(
      key,
      (current) => {
        transition = applyNotification(
          current,
          event,
          duplicateKey,
          Date.now(),
        );
        return transition.record;
      },
      event.principal,
    );
    return isPromise(written)
      ? written.then((record) =>
          record === undefined ? undefined : transition,
        )
      : written === undefined
        ? undefined
        : transition;
  }

  /** The app answered or placed `call`: it is kept alive (when keepAlive is on). */
  async register(
    call: CallReference,
    registration: CallRegistration,
  ): Promise<void> {
    for (const listener of this.registrationListeners) await listener(call);
    if (!this.options.enabled) return;
    const keepAlive = this.options.keepAliveIntervalMs !== undefined;
    await this.update(callKeyOf(call.callId), (current) => {
      const now = Date.now();
      const record = current ?? newCallRecord(call.callId, call.tenantId, now);
      // An ended call stays ended: its terminated notification may come before Graph's answer.
      if (record.end) return record;
      return changed(
        record,
        {
          keepAlive: record.keepAlive || keepAlive,
          direction: record.direction ?? registration.direction,
          // What notifications said is newer than what Graph answered.
          call: registration.call
            ? { ...registration.call, ...record.call }
            : record.call,
        },
        now,
      );
    });
  }

  /**
   * Makes the record of a call that has none from what Graph says of it now: a fleet took the
   * call over and Redis had lost its record. The call goes on as the app's (kept alive once
   * established); `undefined` without call state or when the store failed.
   */
  async restore(
    call: CallReference,
    graphCall: Call,
  ): Promise<CallRecord | undefined> {
    if (!this.options.enabled) return undefined;
    const keepAlive = this.options.keepAliveIntervalMs !== undefined;
    return this.update(callKeyOf(call.callId), (current) => {
      if (current) return current;
      const now = Date.now();
      const state = graphCall.state ?? undefined;
      return changed(
        newCallRecord(call.callId, call.tenantId, now),
        {
          state,
          established: state === 'established',
          keepAlive,
          direction: graphCall.direction ?? undefined,
          call: graphCall,
          end: state === 'terminated' ? callEndOf(graphCall, now) : undefined,
        },
        now,
      );
    });
  }

  /** An operation of `call` runs, unless `stillPending()` says its completion arrived meanwhile. */
  async addOperation(
    call: CallReference,
    operation: PendingOperationRecord,
    stillPending: () => boolean,
  ): Promise<void> {
    await this.update(callKeyOf(call.callId), (current) =>
      current === undefined || current.end || !stillPending()
        ? current
        : changed(
            current,
            {
              pendingOperations: {
                ...current.pendingOperations,
                [operation.clientContext]: operation,
              },
            },
            Date.now(),
          ),
    );
  }

  /** Something was heard of `call` (a keepAlive went through): its record's time starts again. */
  async touch(call: CallReference): Promise<void> {
    if (!this.options.enabled) return;
    await this.update(callKeyOf(call.callId), (current) =>
      current === undefined || current.end
        ? current
        : changed(current, {}, Date.now()),
    );
  }

  /**
   * Writes what `change` makes of the current record (nothing when it gives it back); gives the
   * record stored, `undefined` when the store failed or writers kept colliding. Synchronous with
   * a store that answers at once.
   */
  private update(
    key: string,
    change: (current: CallRecord | undefined) => CallRecord | undefined,
    principal?: CallingPrincipal,
    attempt = 1,
  ): MaybePromise<CallRecord | undefined> {
    let current: MaybePromise<CallRecord | undefined>;
    try {
      current = this.store.get(key);
    } catch (error) {
      return this.storeFailed(error);
    }
    return isPromise(current)
      ? current.then(
          (record) => this.write(key, record, change, principal, attempt),
          (error: unknown) => this.storeFailed(error),
        )
      : this.write(key, current, change, principal, attempt);
  }

  private write(
    key: string,
    current: CallRecord | undefined,
    change: (current: CallRecord | undefined) => CallRecord | undefined,
    principal: CallingPrincipal | undefined,
    attempt: number,
  ): MaybePromise<CallRecord | undefined> {
    const next = change(current);
    if (next === undefined || next === current) return next;
    let stored: MaybePromise<boolean>;
    try {
      stored = this.store.set(key, next, current?.version, this.ttlOf(next));
    } catch (error) {
      return this.storeFailed(error);
    }
    return isPromise(stored)
      ? stored.then(
          (ok) => this.written(ok, key, next, change, principal, attempt),
          (error: unknown) => this.storeFailed(error),
        )
      : this.written(stored, key, next, change, principal, attempt);
  }

  private written(
    ok: boolean,
    key: string,
    next: CallRecord,
    change: (current: CallRecord | undefined) => CallRecord | undefined,
    principal: CallingPrincipal | undefined,
    attempt: number,
  ): MaybePromise<CallRecord | undefined> {
    if (ok) {
      for (const listener of this.listeners) listener(next, principal);
      return next;
    }
    if (attempt < MAX_ATTEMPTS)
      return this.update(key, change, principal, attempt + 1);
    this.logger.warn(
      `Call ${next.callId}: ${MAX_ATTEMPTS} writes in a row met a newer record; this change is dropped`,
      { callId: next.callId },
    );
    return undefined;
  }

  private storeFailed(error: unknown): undefined {
    this.logger.warn(`Call store failed: ${describeError(error)}`);
    return undefined;
  }

  private ttlOf(record: CallRecord): number {
    return record.end
      ? this.options.endedCallGraceMs
      : this.options.idleCallTtlMs;
  }
}
