import {
  functionProblems,
  isRecord,
  wholeNumberProblems,
} from '../config/option-rules.js';
import type {
  EventsOptions,
  ResolvedEventsOptions,
} from './events-options.interface.js';

/** The injection token of the resolved events options. */
export const EVENTS_OPTIONS = Symbol('CallingWebhookEventsOptions');

export const DEFAULT_DUPLICATE_TTL_MS = 900_000;
export const DEFAULT_DUPLICATE_CACHE_SIZE = 10_000;

function isDuplicateStore(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.has === 'function' &&
    typeof value.mark === 'function'
  );
}

/** One line per mistake in the events options. */
export function eventsOptionProblems(options: EventsOptions): string[] {
  return [
    ...functionProblems('onHandlerError', options.onHandlerError),
    ...(options.duplicateStore === undefined ||
    isDuplicateStore(options.duplicateStore)
      ? []
      : [
          'duplicateStore must be an object with has(key) and mark(key, ttlMs)',
        ]),
    ...wholeNumberProblems('duplicateTtlMs', options.duplicateTtlMs, 1),
    ...wholeNumberProblems('duplicateCacheSize', options.duplicateCacheSize, 1),
  ];
}

/** The events options with their defaults (call after `eventsOptionProblems` found none). */
export function resolveEventsOptions(
  options: EventsOptions,
): ResolvedEventsOptions {
  return {
    onHandlerError: options.onHandlerError,
    duplicateStore: options.duplicateStore,
    duplicateTtlMs: options.duplicateTtlMs ?? DEFAULT_DUPLICATE_TTL_MS,
    duplicateCacheSize:
      options.duplicateCacheSize ?? DEFAULT_DUPLICATE_CACHE_SIZE,
  };
}
