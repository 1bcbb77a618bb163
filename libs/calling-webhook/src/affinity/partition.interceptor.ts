import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import { PARTITION_ID_PATTERN } from './base-url.js';
import { answerWithRedirect, queryOf } from './redirect.js';

/**
 * Partitioned callback URIs (`POST /{path}/{partition}`): a notification for another known
 * partition is redirected to `{peer}/{path}/{partition}` (+ query); this instance's partition
 * is handled; an unknown partition is handled here with a warning (lose nothing).
 */
@Injectable()
export class PartitionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const partition = request.params?.partition;
    if (typeof partition !== 'string') return next.handle();
    const own = this.options.partition;
    if (partition === own?.id) return next.handle();
    const peer = own?.peers.get(partition);
    if (peer === undefined) {
      // The id comes from the URL: only a well-formed one is repeated in the log.
      const shown = PARTITION_ID_PATTERN.test(partition)
        ? `"${partition}"`
        : '(malformed id)';
      this.logger.warn(
        `Notification for unknown partition ${shown}: handled here`,
      );
      return next.handle();
    }
    return answerWithRedirect(
      context.switchToHttp().getResponse<Response>(),
      this.options.regionAffinity?.redirectStatus ?? 302,
      `${peer}/${this.options.path}/${partition}${queryOf(request.originalUrl)}`,
    );
  }
}
