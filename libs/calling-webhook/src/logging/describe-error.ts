import { logSafe } from './log-safe.js';

// Errors of user code (handlers, resolvers) and of remote answers may quote a payload or a token.
const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/**
 * One line about a thrown value: its name and message, escaped and bounded, with anything
 * token-like removed; never its stack (logs must not carry stack traces).
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error))
    return `a non-Error value was thrown (${typeof error})`;
  return logSafe(
    `${error.name}: ${error.message}`.replace(JWT_LIKE, '[token]'),
  );
}
