import type { AnyCallNotificationEvent } from './call-events.interface.js';
import type { CallingDuplicateStore } from './duplicates/duplicate-store.interface.js';

/** When the webhook answers: after the handlers (within the budget), or at once. */
export type AcknowledgeMode = 'afterHandlers' | 'immediately';

/** Called with every error a handler throws, and the event it was handling. */
export type HandlerErrorHook = (
  error: unknown,
  event: AnyCallNotificationEvent,
) => void | Promise<void>;

/** The events options, with defaults applied. */
export interface ResolvedCallEventsOptions {
  readonly acknowledge: AcknowledgeMode;
  readonly acknowledgementBudgetMs: number;
  readonly onHandlerError: HandlerErrorHook | undefined;
  readonly duplicateStore: CallingDuplicateStore | undefined;
  readonly duplicateTtlMs: number;
  readonly duplicateCacheSize: number;
}
