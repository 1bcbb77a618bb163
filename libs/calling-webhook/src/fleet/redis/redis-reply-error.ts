// Redis answered, but cannot serve the fleet now: out of memory under `noeviction` (OOM), a
// replica after a failover (READONLY), a failed snapshot (MISCONF), a cluster without quorum
// (CLUSTERDOWN), a restart still loading (LOADING), a script holding it (BUSY), a lost password
// (NOAUTH) ... For the fleet that is Redis being unavailable, as much as a lost connection.
const REFUSALS = new Set([
  'OOM',
  'READONLY',
  'MISCONF',
  'CLUSTERDOWN',
  'LOADING',
  'MASTERDOWN',
  'NOREPLICAS',
  'TRYAGAIN',
  'BUSY',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
  'EXECABORT',
]);

/**
 * ioredis rejects with a `ReplyError` when Redis itself answered with an error. Its class is not
 * imported, as ioredis is an optional peer loaded only in fleet mode.
 */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

/** An error reply saying that Redis cannot serve commands now (see `REFUSALS`), not that one was wrong. */
export function isRefusal(error: unknown): boolean {
  return isReplyError(error) && REFUSALS.has(replyCode(error));
}

/** The error code of a reply (`WRONGTYPE`, `OOM`, ...): its first word. */
export function replyCode(error: Error): string {
  return /^[A-Z]+/.exec(error.message)?.[0] ?? 'ERR';
}
