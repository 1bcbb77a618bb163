import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { rawRequestOf, rawResponseOf } from '../../auth/raw-request.js';
import { traceWebhookRequest } from '../../telemetry/trace-notification.js';
import { CONTINUE, type WebhookAnswer } from './webhook-answer.js';
import { stepFailed } from './run-step.js';
import { WebhookAnswerWriter } from './webhook-answer.writer.js';
import { takeEarlyRequest } from './early-requests.js';
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
  constructor(
    @Inject(WEBHOOK_STEPS) private readonly steps: readonly WebhookStep[],
    private readonly answers: WebhookAnswerWriter,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  handle(frameworkRequest: object, response: object): Promise<void> {
    const raw = rawRequestOf(frameworkRequest);
    const target = this.adapterHost.httpAdapter.getRequestUrl(
      frameworkRequest,
    ) as string;
    const partition = (frameworkRequest as { params?: { partition?: string } })
      .params?.partition;
    // Its first steps may have run before the framework saw it: go on with what they learned.
    const request =
      takeEarlyRequest(raw)?.routed(frameworkRequest, target, partition) ??
      new WebhookRequest(raw, frameworkRequest, target, partition);
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
      return stepFailed(error);
    }
  }
}
