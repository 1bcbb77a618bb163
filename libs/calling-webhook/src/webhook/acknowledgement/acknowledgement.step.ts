import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CallNotificationProcessor } from '../../events/dispatch/call-notification.processor.js';
import { refusal, type StepOutcome } from '../pipeline/webhook-answer.js';
import { expectSet, type WebhookRequest } from '../pipeline/webhook-request.js';
import type { WebhookStep } from '../pipeline/webhook-step.interface.js';
import {
  ACKNOWLEDGEMENT_OPTIONS,
  type ResolvedAcknowledgementOptions,
} from './acknowledgement-options.js';
import { BUDGET_PASSED, withinBudget } from './within-budget.js';

const ACCEPTED = { status: 202 } as const;

/**
 * The last step: hands the notifications to the events and decides the answer. `202` when the
 * handlers succeeded within the budget, or are still running past it, or (`immediately`) at
 * once; `500` when a handler failed within the budget, so that the platform retries. At shutdown
 * it waits for the handlers still running, at most one budget: Nest calls
 * `onApplicationShutdown` after the HTTP server has closed, so no new notification starts meanwhile.
 */
@Injectable()
export class AcknowledgementStep implements WebhookStep, OnApplicationShutdown {
  private readonly logger = new Logger('CallingWebhook');
  /** Handler runs not finished yet, awaited at shutdown. */
  private readonly running = new Set<Promise<boolean>>();

  constructor(
    private readonly processor: CallNotificationProcessor,
    @Inject(ACKNOWLEDGEMENT_OPTIONS)
    private readonly options: ResolvedAcknowledgementOptions,
  ) {}

  async run(request: WebhookRequest): Promise<StepOutcome> {
    const notifications = expectSet(request.notifications, 'notifications');
    if (notifications.length === 0) return ACCEPTED;
    const run = this.processor.process({
      notifications,
      principal: expectSet(request.principal, 'principal'),
      headers: expectSet(request.headers, 'headers'),
      bodyDigest: request.bodyDigest,
      scope: request.frameworkRequest,
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    if (this.options.acknowledge === 'immediately') return ACCEPTED;
    const outcome = await withinBudget(run, this.options.budgetMs);
    if (outcome === BUDGET_PASSED) {
      const calls = [...new Set(notifications.map((n) => n.callId))].join(', ');
      this.logger.warn(
        `Handlers still running after ${this.options.budgetMs} ms: answered 202, they go on in the background`,
        { callId: calls },
      );
      return ACCEPTED;
    }
    return outcome
      ? ACCEPTED
      : refusal(
          500,
          'A call event handler failed; the platform will retry the notification',
        );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.running.size === 0) return;
    const budgetMs = this.options.budgetMs;
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
}
