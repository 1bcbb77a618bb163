import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingMessage } from 'node:http';
import { Strategy, type StrategyOptionsWithRequest } from 'passport-jwt';
import { TEAMS_CALLING_STRATEGY } from '../calling-webhook.constants.js';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import type {
  CallingPrincipal,
  CallingTokenClaims,
} from './calling-principal.interface.js';
import { readBearerToken } from './bearer-token.js';
import { OpenIdKeySource } from './openid-key-source.js';
import { matchAudience, inspectToken } from './token-inspection.js';
import { TenantNotAllowedError } from './token-refusals.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * The passport-jwt strategy `teams-calling`: `AuthGuard('teams-calling')` on any route accepts
 * exactly what the webhook accepts.
 *
 * passport-jwt's traps are handled here: `issuer`, `audience` and `algorithms` sit at the top
 * level (inside `jsonWebTokenOptions` passport-jwt overwrites them with `undefined`), and the rules
 * jsonwebtoken does not enforce (required `exp`, no future `iat`, no unknown `crit`, a `tid`) run
 * in `inspectToken` before a key is even looked up.
 */
@Injectable()
export class TeamsCallingStrategy extends PassportStrategy(
  Strategy,
  TEAMS_CALLING_STRATEGY,
) {
  constructor(
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
    keySource: OpenIdKeySource,
    private readonly verifiedTokens: VerifiedTokenCache,
  ) {
    const strategyOptions: StrategyOptionsWithRequest = {
      jwtFromRequest: (request: IncomingMessage) => tokenOrNull(request),
      secretOrKeyProvider: (_request, rawToken: string, done) => {
        let keyId: string;
        try {
          keyId = inspectToken(rawToken, options).keyId;
        } catch (refusal) {
          done(refusal);
          return;
        }
        // jsonwebtoken takes a KeyObject as it is; passport-jwt's types only know strings.
        keySource.getKey(keyId).then(
          (key) => done(null, key as unknown as string),
          (error: unknown) => done(error),
        );
      },
      issuer: [...options.issuers],
      audience: [...options.appIds] as [string, ...string[]],
      algorithms: ['RS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
      jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds },
    };
    super(strategyOptions);
  }

  /** Turns verified claims into the principal; refuses tenants outside `allowedTenants`. */
  validate(
    request: IncomingMessage,
    claims: CallingTokenClaims,
  ): CallingPrincipal {
    const principal = principalOf(claims, this.options.appIds);
    if (
      this.options.allowedTenants &&
      !this.options.allowedTenants.has(principal.tenantId)
    ) {
      throw new TenantNotAllowedError();
    }
    const token = tokenOrNull(request);
    if (token) this.verifiedTokens.remember(token, principal);
    return principal;
  }
}

/** Builds the principal of claims that passed verification. */
export function principalOf(
  claims: CallingTokenClaims,
  appIds: readonly string[],
): CallingPrincipal {
  return {
    appId: matchAudience(claims.aud, appIds) ?? appIds[0],
    tenantId: claims.tid,
    issuer: claims.iss,
    claims,
  };
}

function tokenOrNull(request: IncomingMessage): string | null {
  try {
    return readBearerToken(request) ?? null;
  } catch {
    return null;
  }
}
