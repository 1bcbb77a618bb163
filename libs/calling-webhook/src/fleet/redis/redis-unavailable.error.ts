/** Redis did not answer (or is known not to): the fleet then works locally, degraded. */
export class RedisUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RedisUnavailableError';
  }
}
