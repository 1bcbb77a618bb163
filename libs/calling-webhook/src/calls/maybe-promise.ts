import type { MaybePromise } from './call-store.interface.js';

/** True for a promise (or any thenable) rather than a value answered at once. */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return (
    typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
  );
}
