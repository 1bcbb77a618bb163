/**
 * One line about a thrown value: its name and message, never its stack (logs must not carry
 * stack traces) and never the payload.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-Error value was thrown (${typeof error})`;
}
