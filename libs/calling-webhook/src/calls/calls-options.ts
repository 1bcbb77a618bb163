import {
  booleanProblems,
  isRecord,
  wholeNumberProblems,
} from '../config/option-rules.js';
import type { CallingCallStore } from './call-store.interface.js';

/** How the module keeps the calls it answered or placed alive. */
export interface KeepAliveOptions {
  /**
   * Milliseconds between two keepAlives of a call, jittered by at most 10% (earlier, never
   * later). Graph ends a call that got none for 45 minutes and asks for one every 15 to 45.
   * @default 900_000 (15 minutes)
   */
  intervalMs?: number;
}

/** The options of call state (fields of `CallingWebhookOptions`). */
export interface CallsOptions {
  /**
   * Keep each call as state (`CallRegistry`): its notifications dispatched in order, lifecycle
   * events once each, operations that can be awaited, keepAlive. `false` dispatches every
   * notification as it comes, as a stateless relay does, and turns keepAlive off.
   * @default true
   */
  callState?: boolean;
  /**
   * Keep every call the app answered or placed alive from `established` until it ends (a
   * keepAlive answered `404` means the call is gone: it ends, `@OnCallTerminated` runs).
   * `false` leaves keepAlive to the app (`CallControl.keepAlive`).
   * @default { intervalMs: 900_000 }
   */
  keepAlive?: false | KeepAliveOptions;
  /**
   * Where call records are kept. Give a shared store for a fleet; or override
   * `CALLING_CALL_STORE`.
   * @default an in-memory store of `callStoreSize` calls
   */
  callStore?: CallingCallStore;
  /**
   * How many calls the in-memory store keeps (the least recently used leave first).
   * @default 10_000
   */
  callStoreSize?: number;
  /**
   * How long the record of an ended call is kept, in milliseconds: late notifications of the
   * call still find it (they reach `@OnCallNotification` only) and handlers can read why it ended.
   * @default 300_000 (5 minutes)
   */
  endedCallGraceMs?: number;
  /**
   * How long the record of a call nothing was heard of is kept, in milliseconds: every
   * notification and every successful keepAlive of the call starts it again.
   * @default 7_200_000 (2 hours)
   */
  idleCallTtlMs?: number;
}

/** The call-state options with their defaults. */
export interface ResolvedCallsOptions {
  readonly enabled: boolean;
  /** `undefined` when keepAlive is off. */
  readonly keepAliveIntervalMs: number | undefined;
  readonly store: CallingCallStore | undefined;
  readonly storeSize: number;
  readonly endedCallGraceMs: number;
  readonly idleCallTtlMs: number;
}

/** The injection token of the resolved call-state options. */
export const CALLS_OPTIONS = Symbol('CallingWebhookCallsOptions');

/** What Graph recommends: one keepAlive every 15 minutes (its window is 45). */
export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 900_000;
export const DEFAULT_CALL_STORE_SIZE = 10_000;
export const DEFAULT_ENDED_CALL_GRACE_MS = 300_000;
export const DEFAULT_IDLE_CALL_TTL_MS = 7_200_000;

// One second lets tests play Graph's 45 minutes in a few; 30 minutes leaves a failed keepAlive a
// second chance inside Graph's 45.
const MIN_KEEP_ALIVE_INTERVAL_MS = 1_000;
const MAX_KEEP_ALIVE_INTERVAL_MS = 1_800_000;

function isCallStore(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.get === 'function' &&
    typeof value.set === 'function' &&
    typeof value.delete === 'function'
  );
}

function keepAliveProblems(options: CallsOptions): string[] {
  const { keepAlive } = options;
  if (keepAlive === undefined || keepAlive === false) return [];
  if (!isRecord(keepAlive))
    return [
      'keepAlive must be false or an object such as { intervalMs: 900000 }',
    ];
  if (options.callState === false)
    return ['keepAlive needs call state: leave callState on, or keepAlive out'];
  return wholeNumberProblems(
    'keepAlive.intervalMs',
    keepAlive.intervalMs,
    MIN_KEEP_ALIVE_INTERVAL_MS,
    MAX_KEEP_ALIVE_INTERVAL_MS,
  );
}

/** One line per mistake in the call-state options. */
export function callsOptionProblems(options: CallsOptions): string[] {
  return [
    ...booleanProblems('callState', options.callState),
    ...keepAliveProblems(options),
    ...(options.callStore === undefined || isCallStore(options.callStore)
      ? []
      : [
          'callStore must be an object with get(key), set(key, record, expectedVersion, ttlMs) and delete(key)',
        ]),
    ...wholeNumberProblems('callStoreSize', options.callStoreSize, 1),
    ...wholeNumberProblems('endedCallGraceMs', options.endedCallGraceMs, 1),
    ...wholeNumberProblems('idleCallTtlMs', options.idleCallTtlMs, 1_000),
  ];
}

/** The call-state options with their defaults (call after `callsOptionProblems` found none). */
export function resolveCallsOptions(
  options: CallsOptions,
): ResolvedCallsOptions {
  const enabled = options.callState ?? true;
  const { keepAlive } = options;
  return {
    enabled,
    keepAliveIntervalMs:
      !enabled || keepAlive === false
        ? undefined
        : (keepAlive?.intervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS),
    store: options.callStore,
    storeSize: options.callStoreSize ?? DEFAULT_CALL_STORE_SIZE,
    endedCallGraceMs: options.endedCallGraceMs ?? DEFAULT_ENDED_CALL_GRACE_MS,
    idleCallTtlMs: options.idleCallTtlMs ?? DEFAULT_IDLE_CALL_TTL_MS,
  };
}
