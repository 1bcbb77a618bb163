import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CONTINUE,
  refusal,
  type StepOutcome,
} from '../webhook/pipeline/webhook-answer.js';
import type { WebhookRequest } from '../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../webhook/pipeline/webhook-step.interface.js';
import {
  describeGraphNotifications,
  describeLegacyNotification,
} from '../telemetry/trace-notification.js';
import { classifyNotificationBody } from './classify-notification-body.js';
import { readNotificationHeaders } from './notification-headers.js';
import {
  PROTOCOL_OPTIONS,
  type ResolvedProtocolOptions,
} from './protocol-options.js';

/**
 * Protocol determination, and the one place a body's shape is checked: a legacy (Skype bot
 * calling) body is answered `204 No Content` and no handler runs (the platform then resends it
 * in the Graph format); a body that is neither format, or whose notifications break the envelope
 * rules, is a `400`; too many notifications a `413`. Graph notifications go on, parsed.
 */
@Injectable()
export class ProtocolStep implements WebhookStep {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(PROTOCOL_OPTIONS) private readonly options: ResolvedProtocolOptions,
  ) {}

  run(request: WebhookRequest): StepOutcome {
    const kind = classifyNotificationBody(
      request.body,
      this.options.maxNotificationsPerRequest,
    );
    switch (kind.kind) {
      case 'graph':
        describeGraphNotifications(request.raw, kind.notifications);
        request.notifications = kind.notifications;
        request.headers = readNotificationHeaders(request.raw.headers);
        return CONTINUE;
      case 'legacy':
        describeLegacyNotification(request.raw, kind.legacyCallId);
        this.logger.debug(
          'Legacy notification: answered 204, the platform resends it in the Graph format',
          { callId: kind.legacyCallId },
        );
        return { status: 204 };
      case 'tooMany':
        return refusal(
          413,
          `the body holds ${kind.count} notifications, more than ${this.options.maxNotificationsPerRequest} (maxNotificationsPerRequest)`,
        );
      case 'invalid':
        return refusal(400, `Invalid notification: ${kind.reason}`);
    }
  }
}
