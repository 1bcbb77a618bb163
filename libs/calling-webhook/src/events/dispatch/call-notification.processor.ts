import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import { RESOLVED_OPTIONS } from '../../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../../config/resolved-options.js';
import type { AnyCallNotificationEvent } from '../call-events.interface.js';
import {
  InvalidNotificationEnvelopeError,
  validateEnvelope,
} from '../envelope/validate-envelope.js';
import { readNotificationHeaders } from '../parsing/notification-headers.js';
import { parseNotification } from '../parsing/parse-notification.js';
import { CallEventDispatcher } from './call-event.dispatcher.js';

const BUDGET_PASSED = Symbol('budget passed');

/**
 * What the webhook does with a Graph body: validate it, make one event per notification, run
 * their handlers (notifications in order), and decide the acknowledgement.
 */
@Injectable()
export class CallNotificationProcessor {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly dispatcher: CallEventDispatcher,
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
  ) {}

  /**
   * Resolves when the request may be answered `202`; throws `400` for a broken envelope and
   * `500` when a handler failed within the acknowledgement budget (so that the platform retries).
   */
  async process(body: unknown, request: Request): Promise<void> {
    const events = this.parse(body, request);
    if (events.length === 0) return;
    const run = this.runInOrder(events, request);
    if (this.options.events.acknowledge === 'immediately') {
      void run;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<typeof BUDGET_PASSED>((resolve) => {
      timer = setTimeout(
        resolve,
        this.options.events.acknowledgementBudgetMs,
        BUDGET_PASSED,
      );
    });
    const outcome = await Promise.race([run, budget]);
    clearTimeout(timer);
    if (outcome === BUDGET_PASSED) {
      const calls = [...new Set(events.map((event) => event.callId))].join(
        ', ',
      );
      this.logger.warn(
        `Handlers of call ${calls} still running after ${this.options.events.acknowledgementBudgetMs} ms: ` +
          'answered 202, they go on in the background',
      );
      return;
    }
    if (!outcome) {
      throw new InternalServerErrorException(
        'A call event handler failed; the platform will retry the notification',
      );
    }
  }

  private parse(body: unknown, request: Request): AnyCallNotificationEvent[] {
    const principal = request.user as CallingPrincipal | undefined;
    if (!principal) throw new UnauthorizedException('No verified caller');
    try {
      const notifications = validateEnvelope(body);
      const headers = readNotificationHeaders(request.headers);
      return notifications.map((notification, index) =>
        parseNotification(notification, index, principal, headers),
      );
    } catch (error) {
      if (error instanceof InvalidNotificationEnvelopeError) {
        throw new BadRequestException(`Invalid notification: ${error.reason}`);
      }
      throw error;
    }
  }

  /** Never rejects: resolves to `false` when any handler failed. A failure does not stop the rest. */
  private async runInOrder(
    events: readonly AnyCallNotificationEvent[],
    request: Request,
  ): Promise<boolean> {
    let ok = true;
    for (const event of events) {
      try {
        ok = (await this.dispatcher.dispatch(event, request)) && ok;
      } catch (error) {
        ok = false;
        this.logger.error(
          `Dispatching a notification of call ${event.callId} failed: ${error instanceof Error ? error.name : typeof error}`,
        );
      }
    }
    return ok;
  }
}
