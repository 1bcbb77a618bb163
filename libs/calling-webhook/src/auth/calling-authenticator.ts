import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { CallingPrincipal } from './calling-principal.interface.js';
import { TeamsCallingStrategy } from './teams-calling.strategy.js';
import { MissingTokenError } from './token-refusals.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * Verifies the bearer token of a request: a token verified before (until its `exp`) costs a map
 * lookup; any other goes through this module's `teams-calling` strategy (its own instance, not
 * passport's registry, which knows one per process). Shared by the webhook's auth step, the
 * guard users put on their own routes, on whichever entry runs it first (Express's and Fastify's
 * early checks, `Expect: 100-continue`), so every entry refuses exactly the same tokens.
 */
@Injectable()
export class CallingAuthenticator {
  constructor(
    private readonly strategy: TeamsCallingStrategy,
    private readonly verifiedTokens: VerifiedTokenCache,
  ) {}

  /**
   * The verified caller of `request`; rejects (or throws) with why it was refused:
   * `MissingTokenError`, `InvalidTokenError`, `TenantNotAllowedError`, `SigningKeysUnavailableError`.
   * A cached token is answered without a promise (the hot path).
   */
  authenticate(
    request: IncomingMessage,
    token: string | undefined,
  ): CallingPrincipal | Promise<CallingPrincipal> {
    if (token === undefined) throw new MissingTokenError();
    return this.verifiedTokens.get(token) ?? this.verify(request, token);
  }

  private async verify(
    request: IncomingMessage,
    token: string,
  ): Promise<CallingPrincipal> {
    const principal = await this.strategy.verify(request, token);
    this.verifiedTokens.remember(token, principal);
    return principal;
  }
}
