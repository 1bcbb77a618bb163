import type {
  Call,
  CallState,
  Participant,
} from '@microsoft/microsoft-graph-types';
import type {
  AnyCallNotificationEvent,
  CallEvent,
  OperationCompletedEvent,
  ParticipantsUpdatedEvent,
} from '../events/call-events.interface.js';
import { isOperationCompleted } from '../events/decorators/call-event-matchers.js';
import {
  GATE_ANY,
  GATE_FIRST_ESTABLISHED,
  GATE_LIVE,
  GATE_STATE_CHANGE,
} from '../events/dispatch/handler-gates.js';
import { callEndReason } from './call-end-reason.js';
import type { CallEnd, CallRecord } from './call-record.interface.js';
import { operationKeyOf } from './operation-key.js';

/** What a notification does to its call's record, and which handlers it may run. */
export interface CallTransition {
  /** The record to store; `current` itself when there is nothing to write. */
  readonly record: CallRecord;
  /** The handler gates it opens (`handler-gates.ts`). */
  readonly gates: number;
  /** This notification ended the call. */
  readonly ended: boolean;
}

const LIVE_GATES = GATE_ANY | GATE_LIVE;

// How far along its life a call is. Graph may deliver `establishing` after `established`, and a
// call on hold or being transferred is as far along as an established one: a notification of a
// lower rank is stale and moves nothing back. States Graph adds later rank with `established`.
const RANKS: Readonly<Partial<Record<CallState, number>>> = {
  incoming: 0,
  establishing: 1,
  terminating: 3,
  terminated: 4,
};
const rankOf = (state: CallState | undefined): number =>
  state === undefined ? -1 : (RANKS[state] ?? 2);

/** A record for a call not known yet. */
export function newCallRecord(
  callId: string,
  tenantId: string,
  now: number,
): CallRecord {
  return {
    callId,
    tenantId,
    direction: undefined,
    state: undefined,
    call: {},
    participants: {},
    pendingOperations: {},
    keepAlive: false,
    established: false,
    end: undefined,
    transitionKey: undefined,
    transitionGates: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** `record` with `fields` changed, one version on. */
export function changed(
  record: CallRecord,
  fields: Partial<CallRecord>,
  now: number,
): CallRecord {
  return { ...record, ...fields, version: record.version + 1, updatedAt: now };
}

/** Why a call ended, from the `resultInfo` Graph gave. */
export function callEndOf(call: Call | undefined, now: number): CallEnd {
  const info = call?.resultInfo ?? undefined;
  const code = info?.code ?? undefined;
  const subcode = info?.subcode ?? undefined;
  return {
    code,
    subcode,
    message: info?.message ?? undefined,
    reason: callEndReason(code, subcode),
    endedAt: now,
  };
}

/**
 * What `event` does to the record of its call (`current`, or a new one): the state moves only
 * forward, `established` counts once, a terminated call lets only catch-alls run, and the
 * platform's retry of the notification that last moved the state runs the handlers it ran.
 * `key` is the notification's duplicate key.
 */
export function applyNotification(
  current: CallRecord | undefined,
  event: AnyCallNotificationEvent,
  key: string | undefined,
  now: number,
): CallTransition {
  const record = current ?? newCallRecord(event.callId, event.tenantId, now);
  const retried =
    key !== undefined && record.transitionKey === key
      ? record.transitionGates
      : undefined;
  if (record.end) return { record, gates: retried ?? GATE_ANY, ended: false };
  switch (event.kind) {
    case 'call':
      return applyCallEvent(record, event, key, retried, now);
    case 'participants':
      return {
        record: mergeRoster(record, event, now),
        gates: LIVE_GATES,
        ended: false,
      };
    case 'operation':
      return {
        record: isOperationCompleted(event)
          ? finishOperation(record, event, now)
          : record,
        gates: LIVE_GATES,
        ended: false,
      };
    default:
      return { record, gates: LIVE_GATES, ended: false };
  }
}

function applyCallEvent(
  record: CallRecord,
  event: CallEvent,
  key: string | undefined,
  retried: number | undefined,
  now: number,
): CallTransition {
  // A tone repeats the state the call is in; it must not establish a call out of order.
  if (event.tone !== undefined)
    return { record, gates: LIVE_GATES, ended: false };
  const data = event.call;
  // `Object.assign`, not `{ ...record.call, ...data }`: on Node 20 a key the second spread adds
  // takes V8's slow path (about 0.5 µs each, measured), and every state change merges here.
  const call = data ? Object.assign({}, record.call, data) : record.call;
  const direction = record.direction ?? directionOf(call);
  if (event.state === 'terminated' || event.changeType === 'deleted') {
    const gates = retried ?? LIVE_GATES | GATE_STATE_CHANGE;
    const next: CallRecord = {
      ...record,
      state: 'terminated',
      call,
      direction,
      pendingOperations: {},
      end: callEndOf(data, now),
      transitionKey: key,
      transitionGates: gates,
      version: record.version + 1,
      updatedAt: now,
    };
    return { record: next, gates, ended: true };
  }
  const state = event.state;
  if (retried !== undefined) return { record, gates: retried, ended: false };
  if (state === undefined || state === record.state)
    return {
      record: data ? changed(record, { call, direction }, now) : record,
      gates: LIVE_GATES,
      ended: false,
    };
  if (rankOf(state) < rankOf(record.state))
    return { record, gates: LIVE_GATES, ended: false };
  const first = state === 'established' && !record.established;
  const gates =
    LIVE_GATES | GATE_STATE_CHANGE | (first ? GATE_FIRST_ESTABLISHED : 0);
  // The path every state change takes: one object, written out.
  const next: CallRecord = {
    ...record,
    state,
    call,
    direction,
    established: record.established || first,
    transitionKey: key,
    transitionGates: gates,
    version: record.version + 1,
    updatedAt: now,
  };
  return { record: next, gates, ended: false };
}

function directionOf(call: Call): CallRecord['direction'] {
  return call.direction === 'incoming' || call.direction === 'outgoing'
    ? call.direction
    : undefined;
}

/** The roster with the notification's participants in (`deleted`: out), by participant id. */
function mergeRoster(
  record: CallRecord,
  event: ParticipantsUpdatedEvent,
  now: number,
): CallRecord {
  const participants: Record<string, Participant> = {
    ...record.participants,
  };
  const leaving = event.changeType === 'deleted';
  for (const participant of event.participants) {
    const id = participant?.id;
    if (typeof id !== 'string') continue;
    if (leaving) delete participants[id];
    else participants[id] = participant;
  }
  return {
    ...record,
    participants,
    version: record.version + 1,
    updatedAt: now,
  };
}

/** The record without the operation a completion notification finished. */
function finishOperation(
  record: CallRecord,
  event: OperationCompletedEvent,
  now: number,
): CallRecord {
  const context = event.operation.clientContext ?? undefined;
  const pending = record.pendingOperations;
  let done = context !== undefined && context in pending ? context : undefined;
  if (done === undefined && event.operationId !== undefined) {
    const id = operationKeyOf(event.operationId);
    done = Object.values(pending).find(
      (p) =>
        p.operationId !== undefined && operationKeyOf(p.operationId) === id,
    )?.clientContext;
  }
  if (done === undefined) return record;
  const { [done]: _finished, ...rest } = pending;
  return changed(record, { pendingOperations: rest }, now);
}
