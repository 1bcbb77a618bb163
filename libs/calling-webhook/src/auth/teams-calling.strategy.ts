import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingMessage } from 'node:http';
import { Strategy, type StrategyOptionsWithRequest } from 'passport-jwt';
import { TEAMS_CALLING_STRATEGY } from '../calling-webhook.constants.js';
import { AUTH_OPTIONS } from './auth-options.js';
import type { ResolvedAuthOptions } from './auth-options.interface.js';
import type {
  CallingPrincipal,
  CallingTokenClaims,
} from './calling-principal.interface.js';
import { readBearerToken } from './bearer-token.js';
import { OpenIdKeySource } from './openid-key-source.js';
import { rawRequestOf } from './raw-request.js';
import { matchAudience, inspectToken } from './token-inspection.js';
import { InvalidTokenError, TenantNotAllowedError } from './token-refusals.js';

// The token a caller already read (see `verify`), so that the header is not parsed twice and a
// guard that reads the token elsewhere is obeyed.
const GIVEN_TOKEN = Symbol('teamsCallingToken');
type TokenCarrier = IncomingMessage & { [GIVEN_TOKEN]?: string };

// `AuthGuard('teams-calling')` hands over the framework's request: on Fastify a wrapper whose
// Node request (with the `rawHeaders` the header check counts) is `raw`.
function tokenOf(request: IncomingMessage): string | null {
  const given = (request as TokenCarrier)[GIVEN_TOKEN];
  if (given !== undefined) return given;
  try {
    return readBearerToken(rawRequestOf(request)) ?? null;
  } catch {
    return null;
  }
}

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
    @Inject(AUTH_OPTIONS)
    private readonly options: ResolvedAuthOptions,
    keySource: OpenIdKeySource,
  ) {
    const strategyOptions: StrategyOptionsWithRequest = {
      jwtFromRequest: tokenOf,
      secretOrKeyProvider: (_request, rawToken: string, done) => {
        let keyId: string;
        try {
          keyId = inspectToken(rawToken, options).keyId;
        } catch (refusal) {
          done(refusal);
          return;
        }
        // jsonwebtoken takes a KeyObject as it is; passport-jwt's types only know strings.
        // A held key is handed over at once: a promise per token costs more than the lookup.
        const known = keySource.knownKey(keyId);
        if (known) {
          done(null, known as unknown as string);
          return;
        }
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

  /**
   * Runs this very strategy on one request and its token, without passport's global registry:
   * the registry holds one `teams-calling` per process (the last module created), while a guard
   * must use its own module's options. Rejects with the reason of the refusal.
   */
  verify(request: IncomingMessage, token: string): Promise<CallingPrincipal> {
    return new Promise((resolve, reject) => {
      const attempt: Strategy = Object.create(this) as Strategy;
      attempt.success = (user: CallingPrincipal) => resolve(user);
      attempt.fail = (challenge: unknown) =>
        reject(
          challenge instanceof Error
            ? challenge
            : new InvalidTokenError('invalid token'),
        );
      attempt.error = (error: unknown) => reject(error);
      (request as TokenCarrier)[GIVEN_TOKEN] = token;
      // passport-jwt's types name Express's request; it reads only what Node's has.
      attempt.authenticate(request as never, {});
    });
  }

  /** Turns verified claims into the principal; refuses tenants outside `allowedTenants`. */
  validate(
    _request: IncomingMessage,
    claims: CallingTokenClaims,
  ): CallingPrincipal {
    const principal = principalOf(claims, this.options.appIds);
    if (
      this.options.allowedTenants &&
      !this.options.allowedTenants.has(principal.tenantId)
    ) {
      throw new TenantNotAllowedError();
    }
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
