/** The default `bodyLimit`: large meeting rosters run to megabytes, far above Express's 100 KB. */
export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  mb: 1024 * 1024,
};

/**
 * Reads a `bodyLimit` option: a number of bytes, or a string such as `'512kb'` or `'4mb'`.
 * `undefined` when the value is not a positive size.
 */
export function parseBodyLimit(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb)?\s*$/i.exec(value);
  if (!match) return undefined;
  const bytes = Math.floor(
    Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()],
  );
  return bytes > 0 ? bytes : undefined;
}

/** The problem with a `bodyLimit` option, if any. */
export function bodyLimitProblems(value: unknown): string[] {
  return value === undefined || parseBodyLimit(value) !== undefined
    ? []
    : ['bodyLimit must be a positive number of bytes or a size such as "4mb"'];
}
