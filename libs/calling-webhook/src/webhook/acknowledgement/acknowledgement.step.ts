import { Inject, Injectable } from '@nestjs/common';
import type { StepOutcome } from '../pipeline/webhook-answer.js';
import { expectSet, type WebhookRequest } from '../pipeline/webhook-request.js';
import type { WebhookStep } from '../pipeline/webhook-step.interface.js';
import {
  ACKNOWLEDGEMENT_OPTIONS,
  type ResolvedAcknowledgementOptions,
} from './acknowledgement-options.js';
import { NotificationAcknowledger } from './notification-acknowledger.js';
import { remainingMs } from './within-budget.js';

const ACCEPTED = { status: 202 } as const;

/**
 * The last step: hands the request's notifications to the acknowledger and answers as it
 * decides (`202`, or `500` when a handler failed within the budget). The budget counts from the
 * request's arrival: what the steps before took is already spent.
 */
@Injectable()
export class AcknowledgementStep implements WebhookStep {
  constructor(
    private readonly acknowledger: NotificationAcknowledger,
    @Inject(ACKNOWLEDGEMENT_OPTIONS)
    private readonly options: ResolvedAcknowledgementOptions,
  ) {}

  run(request: WebhookRequest): StepOutcome | Promise<StepOutcome> {
    const notifications = expectSet(request.notifications, 'notifications');
    if (notifications.length === 0) return ACCEPTED;
    return this.acknowledger.acknowledge(
      {
        notifications,
        principal: expectSet(request.principal, 'principal'),
        headers: expectSet(request.headers, 'headers'),
        bodyDigest: request.bodyDigest,
        scope: request.frameworkRequest,
      },
      remainingMs(request.receivedAt + this.options.budgetMs),
    ).answer;
  }
}
