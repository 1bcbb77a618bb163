/**
 * No signing key can be had: the key source is unreachable (or answers nonsense) and nothing is
 * cached. Not the caller's fault, so it is a `503` with `Retry-After`, never a `401`.
 */
export class SigningKeysUnavailableError extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`signing keys unavailable: ${reason}`);
    this.name = 'SigningKeysUnavailableError';
  }
}

/** A fetch of the OpenID configuration or of the key set failed; the reason names no secret. */
export class KeySourceFetchError extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'KeySourceFetchError';
  }
}
