import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CallNotificationProcessor } from '../../events/dispatch/call-notification.processor.js';
import type { NotificationBatch } from '../../events/dispatch/notification-batch.interface.js';
import { refusal, type WebhookAnswer } from '../pipeline/webhook-answer.js';
import {
  ACKNOWLEDGEMENT_OPTIONS,
  type ResolvedAcknowledgementOptions,
} from './acknowledgement-options.js';
import { BUDGET_PASSED, withinBudget } from './within-budget.js';

const ACCEPTED: WebhookAnswer = { status: 202 };
const HANDLER_FAILED = refusal(
  500,
  'A call event handler failed; the platform will retry the notification',
);

/** A batch of notifications being handled: its answer to the platform, and its end. */
export interface AcknowledgedBatch {
  /** `202` once the handlers succeeded, or are still running past the budget; `500` when one failed within it. */
  readonly answer: Promise<WebhookAnswer>;
  /** Resolves once every handler finished: `false` when one failed. */
  readonly settled: Promise<boolean>;
}

/**
 * Hands notifications to the events and decides what the platform is answered: `202` when the
 * handlers succeeded within the budget, or are still running past it, or (`immediately`) at
 * once; `500` when a handler failed within the budget, so that the platform retries. What the
 * webhook's last step and a fleet owner handling a forwarded notification share. At shutdown it
 * waits for the handlers still running, at most one budget: Nest calls `onApplicationShutdown`
 * after the HTTP server has closed, so no new notification starts meanwhile.
 */
@Injectable()
export class NotificationAcknowledger implements OnApplicationShutdown {
  private readonly logger = new Logger('CallingWebhook');
  /** Handler runs not finished yet, awaited at shutdown. */
  private readonly running = new Set<Promise<boolean>>();
  private draining: Promise<void> | undefined;

  constructor(
    private readonly processor: CallNotificationProcessor,
    @Inject(ACKNOWLEDGEMENT_OPTIONS)
    private readonly options: ResolvedAcknowledgementOptions,
  ) {}

  /**
   * Starts handling `batch`. The answer waits at most `budgetMs`: what is left of the budget,
   * which counts from the request's arrival (on another instance, when it was handed over).
   */
  acknowledge(
    batch: NotificationBatch,
    budgetMs = this.options.budgetMs,
  ): AcknowledgedBatch {
    const settled = this.processor.process(batch);
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    return { answer: this.answerOf(batch, settled, budgetMs), settled };
  }

  /** Waits (once, whoever asks) for the handlers still running, at most one budget. */
  drain(): Promise<void> {
    this.draining ??= this.waitForRunning();
    return this.draining;
  }

  onApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  private async answerOf(
    batch: NotificationBatch,
    settled: Promise<boolean>,
    budgetMs: number,
  ): Promise<WebhookAnswer> {
    if (this.options.acknowledge === 'immediately') return ACCEPTED;
    const outcome = await withinBudget(settled, Math.max(0, budgetMs));
    if (outcome === BUDGET_PASSED) {
      const calls = [...new Set(batch.notifications.map((n) => n.callId))];
      // The budget counts from the request's arrival: `budgetMs` is what was left of it here.
      this.logger.warn(
        `Handlers still running after ${this.options.budgetMs} ms: answered 202, they go on in the background`,
        { callId: calls.join(', ') },
      );
      return ACCEPTED;
    }
    return outcome ? ACCEPTED : HANDLER_FAILED;
  }

  private async waitForRunning(): Promise<void> {
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
