/**
 * What a Graph call id looks like. Microsoft's examples and real traffic show GUIDs
 * (`57dab8b1-894c-409a-b240-bd8beae78896`, `421f0f00-...`), the same id upper case without
 * dashes (`57DAB8B1894C409AB240BD8BEAE78896`, in operation URLs) and longer url-safe strings.
 * Letters, digits, `-` and `_` only, starting with a letter or digit, at most 128: an id can then
 * never leave its path segment (`.`, `..`, `/`, `%2F`, `?`), which `encodeURIComponent` alone does
 * not ensure (it leaves dots alone, so `..` would turn `/calls/../answer` into `/answer`).
 * Participant ids have the same form.
 */
export const CALL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** True for a string that can be a Graph call (or participant) id. */
export function isCallId(value: unknown): value is string {
  return typeof value === 'string' && CALL_ID_PATTERN.test(value);
}

/**
 * The key one call is known by whatever form its id comes in: Graph returns
 * `57dab8b1-894c-409a-b240-bd8beae78896` and later notifies operations under
 * `/calls/57DAB8B1894C409AB240BD8BEAE78896/...` (Microsoft's call-record and playPrompt examples).
 */
export function callKeyOf(callId: string): string {
  return callId.replaceAll('-', '').toLowerCase();
}
