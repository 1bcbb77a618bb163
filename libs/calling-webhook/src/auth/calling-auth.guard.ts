import {
  ForbiddenException,
  HttpException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { TEAMS_CALLING_STRATEGY } from '../calling-webhook.constants.js';
import { readBearerToken } from './bearer-token.js';
import type { CallingPrincipal } from './calling-principal.interface.js';
import { refusalFor, type Refusal } from './refusal.js';
import { MissingTokenError } from './token-refusals.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * Guards the webhook: a token verified before (until its `exp`) passes at the cost of a map
 * lookup; any other goes through the `teams-calling` passport strategy. Refusals carry their
 * RFC 6750 challenge. Methods are `protected` so that one step can be changed in a subclass.
 */
@Injectable()
export class CallingAuthGuard extends AuthGuard(TEAMS_CALLING_STRATEGY) {
  private readonly logger = new Logger('CallingWebhook');

  constructor(private readonly verifiedTokens: VerifiedTokenCache) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
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
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser = CallingPrincipal>(
    err: unknown,
    user: unknown,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (!err && user) return user as TUser;
    this.refuse(context, err ?? info);
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
