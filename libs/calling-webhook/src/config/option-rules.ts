// The one style every area validates its options in: each rule returns the problems it found,
// one readable line per mistake, naming the option and saying what to write instead. A leaf file:
// it imports nothing of the library.

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional whole number from `min` to `max` (inclusive). */
export function wholeNumberProblems(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): string[] {
  if (value === undefined) return [];
  if (
    Number.isSafeInteger(value) &&
    (value as number) >= min &&
    (value as number) <= max
  )
    return [];
  return max === Number.MAX_SAFE_INTEGER
    ? [`${name} must be a whole number of at least ${min}`]
    : [`${name} must be a whole number from ${min} to ${max}`];
}

/** An optional value among `allowed`. */
export function oneOfProblems(
  name: string,
  value: unknown,
  allowed: readonly (string | number)[],
): string[] {
  if (value === undefined || allowed.includes(value as string | number))
    return [];
  return [
    `${name} must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`,
  ];
}

/** An optional boolean. */
export function booleanProblems(name: string, value: unknown): string[] {
  return value === undefined || typeof value === 'boolean'
    ? []
    : [`${name} must be true or false`];
}

/** An optional function. */
export function functionProblems(name: string, value: unknown): string[] {
  return value === undefined || typeof value === 'function'
    ? []
    : [`${name} must be a function`];
}

/** True for a string with something else than white space in it. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** An optional array of non-empty strings, itself not empty unless `allowEmpty`. */
export function stringListProblems(
  name: string,
  value: unknown,
  what: string,
  allowEmpty = true,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isNonEmptyString))
    return [`${name} must be an array of ${what}`];
  if (!allowEmpty && value.length === 0)
    return [`${name} must name at least one ${what.replace(/s$/, '')}`];
  return [];
}
