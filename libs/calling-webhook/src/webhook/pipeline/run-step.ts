import { Logger } from '@nestjs/common';
import { describeError } from '../../logging/describe-error.js';
import {
  refusal,
  type StepOutcome,
  type WebhookAnswer,
} from './webhook-answer.js';
import type { WebhookRequest } from './webhook-request.js';
import type { WebhookStep } from './webhook-step.interface.js';

const logger = new Logger('CallingWebhook');

/**
 * The answer to a step that threw or rejected: a bug, not a bad request, so `500` (the platform
 * retries it), logged once without a stack. The connection is closed: the step may have stopped
 * with the body half read.
 */
export function stepFailed(error: unknown): WebhookAnswer {
  logger.error(`The webhook failed on a notification: ${describeError(error)}`);
  return refusal(500, 'the notification could not be handled', {
    closeConnection: true,
  });
}

/**
 * Runs one step and calls `then` with its outcome: at once when the step answers synchronously
 * (a cached token, a body's shape: no microtask), else when it settles. A step that throws or
 * rejects gives `stepFailed`, so a request checked before the framework (the gates on Express,
 * Fastify's hook, `Expect: 100-continue`) is answered and never left hanging.
 */
export function runStep(
  step: WebhookStep,
  request: WebhookRequest,
  then: (outcome: StepOutcome) => void,
): void {
  let pending: StepOutcome | Promise<StepOutcome>;
  try {
    pending = step.run(request);
  } catch (error) {
    then(stepFailed(error));
    return;
  }
  if (pending instanceof Promise)
    void pending.then(then, (error: unknown) => then(stepFailed(error)));
  else then(pending);
}
