/** The `error.type` of a thrown value: its class name, never its message (it may quote anything). */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name;
  return typeof error;
}
