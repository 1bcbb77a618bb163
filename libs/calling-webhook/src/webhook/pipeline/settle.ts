/**
 * Calls `then` with `value`, at once when it is not a promise: a step that answers
 * synchronously (a cached token, a body's shape) costs no microtask.
 */
export function settle<T>(
  value: T | Promise<T>,
  then: (settled: T) => void,
): void {
  if (value instanceof Promise) void value.then(then);
  else then(value);
}
