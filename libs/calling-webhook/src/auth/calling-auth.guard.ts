import {
  ForbiddenException,
  HttpException,
  Injectable,
  type CanActivate,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { readBearerToken } from './bearer-token.js';
import type { CallingPrincipal } from './calling-principal.interface.js';
import { refusalFor, type Refusal } from './refusal.js';
import { TeamsCallingStrategy } from './teams-calling.strategy.js';
import { MissingTokenError } from './token-refusals.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * Guards the webhook: a token verified before (until its `exp`) passes at the cost of a map
 * lookup; any other goes through this module's `teams-calling` strategy (its own instance, not
 * passport's registry, which knows one per process). Refusals carry their RFC 6750 challenge.
 * Methods are `protected` so that one step can be changed in a subclass.
 */
@Injectable()
export class CallingAuthGuard implements CanActivate {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly strategy: TeamsCallingStrategy,
    private readonly verifiedTokens: VerifiedTokenCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    let token: string | undefined;
    try {
      token = this.getToken(request);
    } catch (cause) {
      this.refuse(context, cause);
    }
    if (token === undefined) this.refuse(context, new MissingTokenError());
    const known = this.verifiedTokens.get(token);
    if (known) {
      request.user = known;
      return true;
    }
    let principal: CallingPrincipal;
    try {
      principal = await this.strategy.verify(request, token);
    } catch (cause) {
      this.refuse(context, cause);
    }
    this.verifiedTokens.remember(token, principal);
    request.user = principal;
    return true;
  }

  /** Reads the bearer token; `undefined` when none was sent. */
  protected getToken(request: Request): string | undefined {
    return readBearerToken(request);
  }

  /** Answers a refused request: sets the challenge headers, then throws the matching exception. */
  protected refuse(context: ExecutionContext, cause: unknown): never {
    const refusal = refusalFor(cause);
    const response = context.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(refusal.headers))
      response.setHeader(name, value);
    this.logger.debug(
      `Refused a request (${refusal.status}): ${refusal.reason}`,
    );
    throw this.exceptionFor(refusal);
  }

  /** The exception that carries a refusal to Nest's exception filter. */
  protected exceptionFor(refusal: Refusal): HttpException {
    switch (refusal.status) {
      case 403:
        return new ForbiddenException(refusal.reason);
      case 503:
        return new ServiceUnavailableException(refusal.reason);
      default:
        return new UnauthorizedException(refusal.reason);
    }
  }
}
