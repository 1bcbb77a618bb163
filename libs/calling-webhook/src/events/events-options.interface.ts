import type { AnyCallNotificationEvent } from './call-events.interface.js';
import type { CallingDuplicateStore } from './duplicates/duplicate-store.interface.js';

/** Called with every error a handler throws, and the event it was handling. */
export type HandlerErrorHook = (
  error: unknown,
  event: AnyCallNotificationEvent,
) => void | Promise<void>;

/** The options of event dispatch (fields of `CallingWebhookOptions`). */
export interface EventsOptions {
  /**
   * Called with every error a handler throws and the event it was handling (after it is logged).
   * @default undefined
   */
  onHandlerError?: HandlerErrorHook;
  /**
   * Where handled notifications are remembered, so that a redelivery does not run handlers
   * twice. Give a shared store (Redis, ...) for a fleet; or override `CALLING_DUPLICATE_STORE`.
   * @default an in-memory store of `duplicateCacheSize` keys
   */
  duplicateStore?: CallingDuplicateStore;
  /**
   * How long a handled notification is remembered, in milliseconds.
   * @default 900_000 (15 minutes)
   */
  duplicateTtlMs?: number;
  /**
   * How many handled notifications the in-memory store remembers (the least recently used
   * leave first).
   * @default 10_000
   */
  duplicateCacheSize?: number;
}

/** The events options, with defaults applied. */
export interface ResolvedEventsOptions {
  readonly onHandlerError: HandlerErrorHook | undefined;
  readonly duplicateStore: CallingDuplicateStore | undefined;
  readonly duplicateTtlMs: number;
  readonly duplicateCacheSize: number;
}
