import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bindNotificationTrace } from '../telemetry/request-notification-trace.js';
import type { NotificationTraceMessage } from '../telemetry/telemetry-messages.interface.js';
import {
  isNotificationTraced,
  traceNotification,
} from '../telemetry/trace-notification.js';

/**
 * Traces each webhook request from before the token check to the answer actually sent (a
 * guard's 401 and an exception filter's 500 included), whoever wrote it. A middleware, as it is
 * the only Nest stage that runs before the guard and around everything after it: the rest of
 * the request runs inside `next()`, so a handler's spans are children of the notification's.
 */
@Injectable()
export class NotificationTelemetryMiddleware implements NestMiddleware {
  use(
    request: IncomingMessage,
    response: ServerResponse,
    next: () => void,
  ): void {
    if (!isNotificationTraced()) return next();
    const message: NotificationTraceMessage = {};
    bindNotificationTrace(request, message);
    void traceNotification(
      message,
      () =>
        new Promise<void>((resolve) => {
          // 'close' comes after the answer was sent, and also when the platform hung up first.
          response.once('close', () => {
            message.status = response.statusCode;
            resolve();
          });
          next();
        }),
    );
  }
}
