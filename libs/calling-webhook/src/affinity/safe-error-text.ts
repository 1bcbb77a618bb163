// A resolver is user code: its error may quote a payload or a token. Only a bounded, redacted
// summary is logged, never a stack.
const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** `Name: message`, one line, at most 200 characters, with anything token-like removed. */
export function safeErrorText(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : '';
  const text = `${name}: ${message}`
    .replace(JWT_LIKE, '[token]')
    .replace(/[\r\n\t]+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
