import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';

/** The options with every default applied and every list normalised. */
export interface ResolvedCallingWebhookOptions {
  readonly appIds: readonly string[];
  readonly openIdConfigurationUrl: string;
  readonly issuers: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly allowedTenants: ReadonlySet<string> | undefined;
  readonly keyRefreshIntervalMs: number;
  readonly keyRefreshCooldownMs: number;
  readonly keyFetchTimeoutMs: number;
  readonly allowedJwksHosts: readonly string[];
  readonly verifiedTokenCacheSize: number;
  readonly prefetchKeys: boolean;
  /** The webhook route, normalised (no leading or trailing slash). */
  readonly path: string;
}

export type { CallingWebhookOptions };
