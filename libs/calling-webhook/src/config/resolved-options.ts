import type { ResolvedCallEventsOptions } from '../events/events-options.interface.js';
import type {
  ResolvedPartition,
  ResolvedRegionAffinity,
} from '../affinity/resolved-affinity-options.js';
import type { ResolvedCallControlOptions } from '../control/resolved-call-control-options.js';
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
  /** The largest body the webhook reads, in bytes. */
  readonly bodyLimitBytes: number;
  /** This deployment's public base URL, without trailing slash. */
  readonly publicUrl: string | undefined;
  /** Region affinity, if configured. */
  readonly regionAffinity: ResolvedRegionAffinity | undefined;
  /** This instance's partition, if configured. */
  readonly partition: ResolvedPartition | undefined;
  /** Call control: credentials, Graph endpoint, timeouts and retries. */
  readonly callControl: ResolvedCallControlOptions;
  /** Acknowledgement, handler errors and duplicates. */
  readonly events: ResolvedCallEventsOptions;
}

export type { CallingWebhookOptions };
