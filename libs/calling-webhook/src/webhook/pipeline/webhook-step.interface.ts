import type { StepOutcome } from './webhook-answer.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * One step of the webhook pipeline (auth, body, protocol, partition, region, acknowledgement):
 * it reads what the steps before it put on the request, may add to it, and either lets the next
 * step run (`CONTINUE`) or answers. The steps and their order are listed in `webhook-steps.ts`.
 */
export interface WebhookStep {
  run(request: WebhookRequest): StepOutcome | Promise<StepOutcome>;
}
