import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS } from './auth-options.js';
import type { ResolvedAuthOptions } from './auth-options.interface.js';
import { publishTokenCacheLookup } from '../telemetry/publish-telemetry-events.js';
import type { CallingPrincipal } from './calling-principal.interface.js';

interface Entry {
  readonly principal: CallingPrincipal;
  readonly expiresAtMs: number;
  /** Read since the clock hand last passed: spared once when the hand comes round. */
  used: boolean;
}

/**
 * Tokens already verified, until their `exp` (never longer, whatever the clock tolerance), at most
 * `verifiedTokenCacheSize` of them. The platform reuses one token for many notifications; a hit
 * costs a map lookup instead of an RSA verification.
 *
 * Eviction is CLOCK (an approximation of least-recently-used): the tokens sit in a ring, a hit
 * only sets a flag, and the hand drops the first token not read since it last passed. Every step
 * is O(1); lru-cache's TTL bookkeeping cost several microseconds per verified token.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ring: string[] = [];
  private hand = 0;
  private readonly max: number;

  constructor(@Inject(AUTH_OPTIONS) options: ResolvedAuthOptions) {
    this.max = options.verifiedTokenCacheSize;
  }

  /** The principal of a token verified before and not yet expired. */
  get(token: string): CallingPrincipal | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined || entry.expiresAtMs <= Date.now()) {
      publishTokenCacheLookup(false);
      return undefined;
    }
    entry.used = true;
    publishTokenCacheLookup(true);
    return entry.principal;
  }

  /** Remembers a verified token until its `exp`. */
  remember(token: string, principal: CallingPrincipal): void {
    const expiresAtMs = principal.claims.exp * 1000;
    if (this.max === 0 || expiresAtMs <= Date.now()) return;
    if (!this.entries.has(token)) {
      if (this.ring.length < this.max) {
        this.ring.push(token);
      } else {
        const slot = this.victim();
        this.entries.delete(this.ring[slot]);
        this.ring[slot] = token;
      }
    }
    this.entries.set(token, { principal, expiresAtMs, used: false });
  }

  /** How many tokens are remembered now (expired ones included until they are pushed out). */
  get size(): number {
    return this.entries.size;
  }

  /** The ring slot to reuse; ends within one turn, as every spared token loses its flag. */
  private victim(): number {
    const now = Date.now();
    for (;;) {
      const slot = this.hand;
      this.hand = (slot + 1) % this.ring.length;
      const entry = this.entries.get(this.ring[slot]);
      if (!entry || !entry.used || entry.expiresAtMs <= now) return slot;
      entry.used = false;
    }
  }
}
