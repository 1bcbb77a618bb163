/** The options of the token check (fields of `CallingWebhookOptions`). Only `appId` is required. */
export interface AuthOptions {
  /**
   * The bot's Microsoft App ID (the `aud` of the platform's tokens). Several may be given for a
   * deployment that serves more than one bot registration.
   */
  appId: string | string[];
  /**
   * The OpenID configuration whose `jwks_uri` publishes the platform's signing keys. Must be
   * `https`, except on a loopback host (the local simulator).
   * @default 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration'
   */
  openIdConfigurationUrl?: string;
  /**
   * Accepted `iss` values, compared exactly.
   * @default ['https://api.botframework.com', 'https://graph.microsoft.com']
   */
  issuers?: string[];
  /**
   * Tolerance for `exp`, `nbf` and `iat`, in seconds.
   * @default 300
   */
  clockToleranceSeconds?: number;
  /**
   * Tenants (`tid`) allowed to call. A valid token of another tenant gets `403`.
   * @default undefined (any tenant)
   */
  allowedTenants?: string[];
  /**
   * How old the cached signing keys may get before they are refetched in the background
   * (requests keep using the cached keys meanwhile).
   * @default 3_600_000 (one hour)
   */
  keyRefreshIntervalMs?: number;
  /**
   * After a key fetch (for an unknown `kid`, or one that failed), no other fetch starts before
   * this long. Bounds what a flood of forged `kid`s can cost the key source. While no key at all
   * is known, failed fetches are retried sooner: after 1 s, 2 s, 4 s, ... up to this.
   * @default 10_000
   */
  keyRefreshCooldownMs?: number;
  /**
   * Timeout of each fetch of the OpenID configuration or of the key set.
   * @default 3_000
   */
  keyFetchTimeoutMs?: number;
  /**
   * Hosts besides the configuration's own that its `jwks_uri` may point to.
   * @default [] (the `jwks_uri` must be on the configuration's host)
   */
  allowedJwksHosts?: string[];
  /**
   * How many verified tokens are remembered (until their `exp`), so that a reused token costs
   * no signature check. `0` turns the cache off.
   * @default 10_000
   */
  verifiedTokenCacheSize?: number;
  /**
   * Fetch the signing keys when the application starts rather than on the first notification.
   * @default true
   */
  prefetchKeys?: boolean;
}

/** The token-check options with every default applied and every list normalised. */
export interface ResolvedAuthOptions {
  readonly appIds: readonly string[];
  readonly openIdConfigurationUrl: string;
  readonly issuers: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly allowedTenants: ReadonlySet<string> | undefined;
  readonly keyRefreshIntervalMs: number;
  readonly keyRefreshCooldownMs: number;
  readonly keyFetchTimeoutMs: number;
  /** Lower-cased. */
  readonly allowedJwksHosts: readonly string[];
  readonly verifiedTokenCacheSize: number;
  readonly prefetchKeys: boolean;
}
