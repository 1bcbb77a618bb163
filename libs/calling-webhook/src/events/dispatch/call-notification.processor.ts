import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  UnauthorizedException,
  type OnApplicationShutdown,
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

/** The outcome of `work`, or `BUDGET_PASSED` if it takes longer than `budgetMs` (it goes on). */
async function withinBudget<T>(
  work: Promise<T>,
  budgetMs: number,
): Promise<T | typeof BUDGET_PASSED> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<typeof BUDGET_PASSED>((resolve) => {
    timer = setTimeout(resolve, budgetMs, BUDGET_PASSED);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the webhook does with a Graph body: validate it, make one event per notification, run
 * their handlers (notifications in order), and decide the acknowledgement. At shutdown it waits
 * for the handlers still running (those acknowledged at once or past the budget), at most one
 * acknowledgement budget: Nest calls `onApplicationShutdown` after the HTTP server has closed,
 * so no new notification can start meanwhile.
 */
@Injectable()
export class CallNotificationProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger('CallingWebhook');
  /** Handler runs not finished yet, awaited at shutdown. */
  private readonly running = new Set<Promise<boolean>>();

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
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    if (this.options.events.acknowledge === 'immediately') {
      void run;
      return;
    }
    const outcome = await withinBudget(
      run,
      this.options.events.acknowledgementBudgetMs,
    );
    if (outcome === BUDGET_PASSED) {
      const calls = [...new Set(events.map((event) => event.callId))].join(
        ', ',
      );
      this.logger.warn(
        `Handlers still running after ${this.options.events.acknowledgementBudgetMs} ms: ` +
          'answered 202, they go on in the background',
        { callId: calls },
      );
      return;
    }
    if (!outcome) {
      throw new InternalServerErrorException(
        'A call event handler failed; the platform will retry the notification',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.running.size === 0) return;
    const budgetMs = this.options.events.acknowledgementBudgetMs;
    this.logger.log(
      `Shutting down: waiting up to ${budgetMs} ms for ${this.running.size} notification(s) still being handled`,
    );
    const outcome = await withinBudget(
      Promise.allSettled(this.running),
      budgetMs,
    );
    if (outcome === BUDGET_PASSED) {
      this.logger.warn(
        `Shutting down with ${this.running.size} notification(s) still being handled after ${budgetMs} ms`,
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
          `Dispatching a notification failed: ${error instanceof Error ? error.name : typeof error}`,
          { callId: event.callId },
        );
      }
    }
    return ok;
  }
}
