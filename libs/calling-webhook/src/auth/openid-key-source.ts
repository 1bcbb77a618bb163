import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import jwksRsa from 'jwks-rsa';
import { isSecureOrLoopbackUrl } from '../config/url-rules.js';
import { AUTH_OPTIONS } from './auth-options.js';
import type { ResolvedAuthOptions } from './auth-options.interface.js';
import { publishSigningKeysRefresh } from '../telemetry/publish-telemetry-events.js';
import { logSafe } from '../logging/log-safe.js';
import { fetchKeyDocument } from './fetch-key-document.js';
import {
  KeySourceFetchError,
  SigningKeysUnavailableError,
} from './key-source.errors.js';
import type { SigningKeysStatus } from './signing-keys-status.interface.js';
import { InvalidTokenError } from './token-refusals.js';

const MIN_RSA_MODULUS_BITS = 2048;

/**
 * The platform's signing keys, found through OpenID discovery (configuration, then `jwks_uri`)
 * and held as parsed `KeyObject`s, so a verification never parses a PEM.
 *
 * jwks-rsa alone would not do: it has no discovery, its rate limiter queues requests instead of
 * refusing them, and its errors make an outage look like a bad token. So it only turns the key set
 * into signing keys here, while this class decides when to fetch: once at a time (single flight),
 * in the background when the keys are old, at most once per cool-down for an unknown `kid` or
 * after a failure, and never at the price of the keys it already has.
 */
@Injectable()
export class OpenIdKeySource implements OnApplicationBootstrap {
  private readonly logger = new Logger('CallingWebhook');
  private keys: ReadonlyMap<string, KeyObject> = new Map();
  private loadedAt = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private failuresInARow = 0;
  private lastFailure: string | undefined;
  private lastFailureAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(AUTH_OPTIONS)
    private readonly options: ResolvedAuthOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.prefetchKeys) void this.refresh();
  }

  /**
   * The key a token names. Throws `InvalidTokenError` for a `kid` the source does not publish, and
   * `SigningKeysUnavailableError` when no key at all can be had.
   */
  async getKey(keyId: string): Promise<KeyObject> {
    const known = this.knownKey(keyId);
    if (known) return known;
    if (this.refreshing) await this.refreshing;
    else if (this.coolDownRemainingMs() === 0) await this.refresh();
    const found = this.keys.get(keyId);
    if (found) return found;
    if (this.keys.size === 0) {
      throw new SigningKeysUnavailableError(
        this.lastFailure ?? 'key source not reached yet',
        Math.max(1, Math.ceil(this.coolDownRemainingMs() / 1000)),
      );
    }
    throw new InvalidTokenError('unknown signing key');
  }

  /**
   * The key a token names if it is held now, without waiting (the hot path: no promise, no
   * fetch); starts a background refresh when the keys are older than the refresh interval.
   */
  knownKey(keyId: string): KeyObject | undefined {
    const known = this.keys.get(keyId);
    // Stale keys are refetched in the background, but not more often than the cool-down allows:
    // during an outage longer than the refresh interval, each request would otherwise start one.
    if (
      known &&
      Date.now() - this.loadedAt > this.options.keyRefreshIntervalMs &&
      this.coolDownRemainingMs() === 0
    )
      void this.refresh();
    return known;
  }

  /** How many keys are held now (for health checks and tests). */
  get size(): number {
    return this.keys.size;
  }

  /** What is known of the keys now, for health checks: counts, times, the last error's reason. */
  status(): SigningKeysStatus {
    return {
      keyCount: this.keys.size,
      fetchedAt: this.loadedAt > 0 ? new Date(this.loadedAt) : undefined,
      lastError:
        this.lastFailure === undefined
          ? undefined
          : { reason: this.lastFailure, at: new Date(this.lastFailureAt) },
      failuresInARow: this.failuresInARow,
    };
  }

  /** Fetches the keys unless a fetch is under way; never rejects (a failure keeps the old keys). */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private coolDownRemainingMs(): number {
    const coolDown = this.options.keyRefreshCooldownMs;
    // With no key at all every notification is refused, so a failed fetch is retried sooner:
    // 1 s, 2 s, 4 s, ... up to the cool-down (a blip at start-up costs a second, not ten).
    const wait =
      this.keys.size === 0 && this.failuresInARow > 0
        ? Math.min(coolDown, 1000 * 2 ** (this.failuresInARow - 1))
        : coolDown;
    return Math.max(0, this.lastAttemptAt + wait - Date.now());
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = Date.now();
    try {
      const jwksUri = await this.discoverJwksUri();
      const client = new jwksRsa.JwksClient({
        jwksUri,
        cache: false,
        rateLimit: false,
        fetcher: (uri) =>
          fetchKeyDocument(uri, this.options.keyFetchTimeoutMs) as Promise<{
            keys: unknown;
          }>,
      });
      const keys = new Map<string, KeyObject>();
      for (const signingKey of await client.getSigningKeys()) {
        const key = usableRsaKey(signingKey);
        if (key && signingKey.kid) keys.set(signingKey.kid, key);
      }
      if (keys.size === 0)
        throw new KeySourceFetchError('the key set holds no RSA signing key');
      // Replaced, not merged: a key the platform withdrew must stop being trusted.
      this.keys = keys;
      this.loadedAt = Date.now();
      this.failuresInARow = 0;
      if (this.lastFailure)
        this.logger.log('Signing keys fetched again after a failure');
      this.lastFailure = undefined;
      publishSigningKeysRefresh({
        outcome: 'success',
        keyCount: keys.size,
        durationMs: Date.now() - this.lastAttemptAt,
      });
    } catch (error) {
      this.lastFailure = describe(error);
      this.lastFailureAt = Date.now();
      this.failuresInARow++;
      publishSigningKeysRefresh({
        outcome: 'failure',
        keyCount: this.keys.size,
        reason: this.lastFailure,
        durationMs: this.lastFailureAt - this.lastAttemptAt,
      });
      const kept =
        this.keys.size > 0
          ? `keeping ${this.keys.size} known key(s)`
          : 'no key known';
      this.logger.warn(
        `Signing keys could not be fetched (${this.lastFailure}); ${kept}`,
      );
    }
  }

  private async discoverJwksUri(): Promise<string> {
    const configUrl = this.options.openIdConfigurationUrl;
    const configuration = await fetchKeyDocument(
      configUrl,
      this.options.keyFetchTimeoutMs,
    );
    const jwksUri =
      typeof configuration === 'object' && configuration !== null
        ? (configuration as { jwks_uri?: unknown }).jwks_uri
        : undefined;
    if (typeof jwksUri !== 'string' || !isSecureOrLoopbackUrl(jwksUri)) {
      throw new KeySourceFetchError(
        'the OpenID configuration has no usable jwks_uri',
      );
    }
    const host = new URL(jwksUri).hostname.toLowerCase();
    const allowed = [
      new URL(configUrl).hostname.toLowerCase(),
      ...this.options.allowedJwksHosts,
    ];
    if (!allowed.includes(host)) {
      throw new KeySourceFetchError(
        `jwks_uri host ${host} is not allowed (see allowedJwksHosts)`,
      );
    }
    return jwksUri;
  }
}

function usableRsaKey(signingKey: jwksRsa.SigningKey): KeyObject | undefined {
  if (signingKey.alg !== undefined && signingKey.alg !== 'RS256')
    return undefined;
  try {
    const key = createPublicKey(signingKey.getPublicKey());
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return key.asymmetricKeyType === 'rsa' && bits >= MIN_RSA_MODULUS_BITS
      ? key
      : undefined;
  } catch {
    return undefined;
  }
}

// Our fetch errors and jwks-rsa's own ("did not contain any signing keys") say what went wrong;
// they may name a host from the fetched document, so they are escaped like any outside value.
function describe(error: unknown): string {
  if (error instanceof KeySourceFetchError) return logSafe(error.message);
  if (error instanceof Error && error.name === 'JwksError')
    return logSafe(error.message);
  return 'unexpected key source error';
}
