import {
  BadRequestException,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { of, type Observable } from 'rxjs';
import { notificationTraceOf } from '../telemetry/request-notification-trace.js';
import {
  describeGraphNotifications,
  describeLegacyNotification,
} from '../telemetry/trace-notification.js';
import { classifyNotificationBody } from './classify-notification-body.js';
import { setRequestNotifications } from './request-notifications.js';

/**
 * Protocol determination, after the guard: a legacy (Skype bot calling) body is answered
 * `204 No Content` and no handler runs (the platform then resends it in the Graph format); a
 * body that is neither format is a `400`; Graph notifications go on.
 */
@Injectable()
export class ProtocolInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CallingWebhook');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const body: unknown = request.body;
    const kind = classifyNotificationBody(body);
    switch (kind.kind) {
      case 'graph':
        describeGraphNotifications(
          notificationTraceOf(request),
          kind.notifications,
        );
        setRequestNotifications(request, kind.notifications);
        return next.handle();
      case 'legacy':
        describeLegacyNotification(
          notificationTraceOf(request),
          kind.legacyCallId,
        );
        this.logger.debug(
          'Legacy notification: answered 204, the platform resends it in the Graph format',
          { callId: kind.legacyCallId },
        );
        // Set the status and return: Nest then sends the empty answer (ending the response
        // here would race Nest's own reply).
        http.getResponse<Response>().status(204);
        return of(undefined);
      case 'invalid':
        throw new BadRequestException(kind.reason);
    }
  }
}
