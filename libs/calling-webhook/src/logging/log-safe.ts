// Characters that could forge or disguise a log line: C0 controls (CR and LF above all), DEL, C1
// controls, the Unicode line and paragraph separators, and the bidirectional controls (which
// reorder what a terminal shows: "Trojan Source", CVE-2021-42574).
const UNSAFE =
  // oxlint-disable-next-line no-control-regex -- matching control characters is the point here.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escape(char: string): string {
  return (
    NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/**
 * A value from a payload, a token or any other outside source, fit for a log line: on one line,
 * with every control, line-separator and bidi character written as an escape (`\r`, `\n`,
 * `\u202e`), and at most `maxLength` characters. Use it for anything a log line repeats that the
 * platform, a caller or user code chose.
 */
export function logSafe(value: unknown, maxLength = 200): string {
  const text = typeof value === 'string' ? value : String(value);
  const bounded =
    text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
  return bounded.replace(UNSAFE, escape);
}
