import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import { checkParsedBodyType, readJsonBody } from './read-json-body.js';

/**
 * Reads the JSON body after the guard, so that nothing of a body is read before its token is
 * valid, up to `bodyLimit`. When the app kept Nest's global body parser, that parser has read
 * the body already (with its own limit) and only its content type is checked here.
 */
@Injectable()
export class NotificationBodyInterceptor implements NestInterceptor {
  constructor(
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
  ) {}

  async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.readableEnded) {
      checkParsedBodyType(request);
    } else {
      request.body = await readJsonBody(request, this.options.bodyLimitBytes);
    }
    return next.handle();
  }
}
