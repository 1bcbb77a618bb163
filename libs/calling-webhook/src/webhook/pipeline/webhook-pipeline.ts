import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { rawRequestOf, rawResponseOf } from '../../auth/raw-request.js';
import { traceWebhookRequest } from '../../telemetry/trace-notification.js';
import { describeError } from '../../logging/describe-error.js';
import { CONTINUE, refusal, type WebhookAnswer } from './webhook-answer.js';
import { WebhookAnswerWriter } from './webhook-answer.writer.js';
import { WebhookRequest } from './webhook-request.js';
import type { WebhookStep } from './webhook-step.interface.js';
import { WEBHOOK_STEPS } from './webhook-steps.constants.js';

/**
 * Runs the webhook's steps in order on one request and writes the answer of the first step
 * that gives one, through Nest's HTTP adapter: the one place a webhook request is answered, on
 * Express and Fastify alike. The last step always answers.
 */
@Injectable()
export class WebhookPipeline {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(WEBHOOK_STEPS) private readonly steps: readonly WebhookStep[],
    private readonly answers: WebhookAnswerWriter,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  handle(frameworkRequest: object, response: object): Promise<void> {
    const request = new WebhookRequest(
      rawRequestOf(frameworkRequest),
      frameworkRequest,
      this.adapterHost.httpAdapter.getRequestUrl(frameworkRequest) as string,
      (frameworkRequest as { params?: { partition?: string } }).params
        ?.partition,
    );
    let answered: Promise<void> = Promise.resolve();
    // The request's notification trace, unless a check before the framework started it already.
    traceWebhookRequest(request.raw, rawResponseOf(response), () => {
      answered = this.answer(request, response);
    });
    return answered;
  }

  private async answer(
    request: WebhookRequest,
    response: object,
  ): Promise<void> {
    this.answers.write(response, await this.run(request));
  }

  private async run(request: WebhookRequest): Promise<WebhookAnswer> {
    try {
      for (const step of this.steps) {
        const pending = step.run(request);
        // Steps that answer synchronously cost no microtask.
        const outcome = pending instanceof Promise ? await pending : pending;
        if (outcome !== CONTINUE) return outcome;
      }
      throw new Error('webhook pipeline: no step answered');
    } catch (error) {
      // A bug, not a bad request: answered 500 (the platform retries), logged without a stack.
      this.logger.error(
        `The webhook failed on a notification: ${describeError(error)}`,
      );
      return refusal(500, 'the notification could not be handled');
    }
  }
}
