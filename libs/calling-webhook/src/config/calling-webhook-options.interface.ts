import type {
  AcknowledgeMode,
  HandlerErrorHook,
} from '../events/events-options.interface.js';
import type { CallingDuplicateStore } from '../events/duplicates/duplicate-store.interface.js';
import type {
  PartitionOptions,
  RegionAffinityOptions,
} from '../affinity/affinity-options.interface.js';
import type {
  AppCredentials,
  GraphRetryOptions,
} from '../control/call-control-options.interface.js';

/**
 * What `CallingWebhookModule.forRoot()` (or the `useFactory` of `forRootAsync()`) takes.
 * Only `appId` is required; every other field has a default that is right for production.
 */
export interface CallingWebhookOptions {
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

  /**
   * The largest notification body read, in bytes or as a size such as `'4mb'`; larger ones get
   * `413`. Applies when the app is created with `{ bodyParser: false }` (see the README): Nest's
   * global parser otherwise reads bodies first, with its own limit.
   * @default '4mb'
   */
  bodyLimit?: number | string;

  /**
   * This deployment's public base URL (e.g. `https://bot.contoso.com`): without a partition,
   * `CallbackUris.forAnsweredCall()` gives `{publicUrl}/{path}`.
   * @default undefined (no callback URI is given; the platform uses the registered webhook)
   */
  publicUrl?: string;

  /**
   * Region affinity: redirect notifications of calls that another deployment owns.
   * @default undefined (every notification is handled here)
   */
  regionAffinity?: RegionAffinityOptions;

  /**
   * Partitioned callback URIs: this instance's partition, its public URL, and its peers.
   * @default undefined (no partition)
   */
  partition?: PartitionOptions;

  /**
   * The bot's app credentials (a secret or a certificate), with which `CallControl` gets Graph
   * app tokens per tenant. Without them the webhook works and `CallControl` methods throw
   * `CallControlNotConfiguredError`.
   * @default undefined (no call control)
   */
  credentials?: AppCredentials;

  /**
   * The Graph endpoint of `CallControl` (a national cloud, or the local fake Graph in tests).
   * Must be `https`, except on a loopback host.
   * @default 'https://graph.microsoft.com/v1.0'
   */
  graphBaseUrl?: string;

  /**
   * The Microsoft Entra authority host app tokens come from (`{authorityHost}/{tenantId}`).
   * @default 'https://login.microsoftonline.com'
   */
  authorityHost?: string;

  /**
   * Timeout of each Graph request attempt, in milliseconds.
   * @default 5_000
   */
  graphRequestTimeoutMs?: number;

  /**
   * Retries of Graph requests on 429, 502, 503, 504 and network errors.
   * @default { maxAttempts: 4, maxTotalMs: 10_000, baseDelayMs: 250 }
   */
  graphRetry?: GraphRetryOptions;

  /**
   * When the webhook answers: `'afterHandlers'` waits for the handlers up to
   * `acknowledgementBudgetMs` (a handler error then gives `500`, so the platform retries);
   * `'immediately'` answers `202` at once and runs the handlers after (errors go to `onHandlerError`).
   * @default 'afterHandlers'
   */
  acknowledge?: AcknowledgeMode;

  /**
   * How long the webhook waits for handlers before it answers `202` anyway (they go on in the
   * background). Keep it under the platform's 5 s timeout.
   * @default 4_000
   */
  acknowledgementBudgetMs?: number;

  /**
   * Called with every error a handler throws and the event it was handling (after it is logged).
   * @default undefined
   */
  onHandlerError?: HandlerErrorHook;

  /**
   * Where handled notifications are remembered, so that a redelivery does not run handlers
   * twice. Give a shared store (Redis, ...) for a fleet; or override `CALLING_DUPLICATE_STORE`.
   * @default an in-memory store of `duplicateCacheSize` keys
   */
  duplicateStore?: CallingDuplicateStore;

  /**
   * How long a handled notification is remembered, in milliseconds.
   * @default 900_000 (15 minutes)
   */
  duplicateTtlMs?: number;

  /**
   * How many handled notifications the in-memory store remembers (least recently used leave first).
   * @default 10_000
   */
  duplicateCacheSize?: number;
}

/**
 * Options that shape the module itself rather than its providers, so they are given beside
 * `useFactory` in `forRootAsync()` too: Nest builds routes before async factories run.
 */
export interface CallingWebhookModuleExtras {
  /**
   * The route of the webhook, without leading or trailing slash.
   * @default 'api/calls'
   */
  path?: string;

  /**
   * Register the module globally.
   * @default false
   */
  isGlobal?: boolean;
}
