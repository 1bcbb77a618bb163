/** Statuses worth another attempt: throttled, or a gateway that may do better next time. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  429, 502, 503, 504,
]);

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // The three HTTP date forms start with a day name; Date.parse alone takes '-1' for a date.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter for attempt `n` (1 after the first failure): in [d/2, d]. */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  random = Math.random,
): number {
  const delay = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(delay / 2 + (random() * delay) / 2);
}
