import {
  ForbiddenException,
  HttpException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { readBearerToken } from './bearer-token.js';
import { CallingAuthenticator } from './calling-authenticator.js';
import { rawRequestOf } from './raw-request.js';
import { refusalFor, type Refusal } from './refusal.js';

/**
 * Puts the webhook's token check on a user's own route (`@UseGuards(CallingAuthGuard)`): the
 * verified caller is then on `request.user` and `@CallingPrincipal()`. Refusals carry their
 * RFC 6750 challenge. Methods are `protected` so that one step can be changed in a subclass.
 * The webhook route itself runs the same check as the first step of its pipeline.
 */
@Injectable()
export class CallingAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: CallingAuthenticator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ user?: unknown }>();
    const raw = rawRequestOf(request);
    try {
      request.user = await this.authenticator.authenticate(
        raw,
        this.getToken(raw),
      );
      return true;
    } catch (cause) {
      this.refuse(context, cause);
    }
  }

  /** Reads the bearer token; `undefined` when none was sent (the request is refused). */
  protected getToken(request: IncomingMessage): string | undefined {
    return readBearerToken(request);
  }

  /** Answers a refused request: sets the challenge headers, then throws the matching exception. */
  protected refuse(context: ExecutionContext, cause: unknown): never {
    const refusal = refusalFor(cause);
    const response: unknown = context.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(refusal.headers))
      this.adapterHost.httpAdapter.setHeader(response, name, value);
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
