import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import type { CallingPrincipal } from './calling-principal.interface.js';

/**
 * Tokens already verified, until their `exp` (never longer, whatever the clock tolerance), in
 * bounded LRU order. The platform reuses one token for many notifications; a hit costs a map
 * lookup instead of an RSA verification.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly cache: LRUCache<string, CallingPrincipal> | undefined;

  constructor(
    @Inject(RESOLVED_OPTIONS) options: ResolvedCallingWebhookOptions,
  ) {
    const max = options.verifiedTokenCacheSize;
    this.cache =
      max > 0 ? new LRUCache({ max, ttlAutopurge: false }) : undefined;
  }

  /** The principal of a token verified before and not yet expired. */
  get(token: string): CallingPrincipal | undefined {
    return this.cache?.get(token);
  }

  /** Remembers a verified token until its `exp`. */
  remember(token: string, principal: CallingPrincipal): void {
    const ttl = principal.claims.exp * 1000 - Date.now();
    if (this.cache && ttl >= 1)
      this.cache.set(token, principal, { ttl: Math.floor(ttl) });
  }

  /** How many tokens are remembered now. */
  get size(): number {
    return this.cache?.size ?? 0;
  }
}
