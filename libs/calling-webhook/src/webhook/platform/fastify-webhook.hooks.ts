import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebhookAuthStep } from '../../auth/webhook-auth.step.js';
import { WEBHOOK_PATH } from '../../calling-webhook.internal-constants.js';
import { traceWebhookRequest } from '../../telemetry/trace-notification.js';
import { runStep } from '../pipeline/run-step.js';
import { CONTINUE } from '../pipeline/webhook-answer.js';
import { WebhookAnswerWriter } from '../pipeline/webhook-answer.writer.js';
import { earlyRequestOf } from '../pipeline/early-requests.js';
import { WEBHOOK_ROUTE_MARK } from './webhook-route.constants.js';

/** What this file uses of a Fastify request and instance (the library does not depend on Fastify). */
interface FastifyRequestLike {
  readonly raw: IncomingMessage;
  readonly routeOptions: { readonly config?: Record<string, unknown> };
  headers: Record<string, unknown>;
}
type Done = (error?: Error) => void;
interface FastifyReplyLike {
  readonly raw: ServerResponse;
}
interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (
      request: FastifyRequestLike,
      reply: FastifyReplyLike,
      done: Done,
    ) => void,
  ): unknown;
}

// Fastify decides whether and how to parse a body from these headers alone. Set through its
// `request.headers` setter (which overlays the Node request's headers, leaving
// `request.raw.headers` as they came), they make it skip parsing for the webhook route only.
const BODY_HEADERS_HIDDEN = Object.freeze({
  'content-type': undefined,
  'content-length': undefined,
  'transfer-encoding': undefined,
});

/**
 * Fastify parses a JSON body itself, before any Nest code runs, with its own limit and answers.
 * The webhook must not read a body before its token is valid and must read it one way on every
 * platform. So on Fastify the token is checked in an `onRequest` hook of the webhook route (the
 * first hook, before any parsing), and once it is valid Fastify is told the request has no body:
 * the pipeline's body step then reads the Node request itself, as on Express, with `bodyLimit`
 * and the same `413` / `415` / `400`. A refused request never has its body read.
 */
@Injectable()
export class FastifyWebhookHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authStep: WebhookAuthStep,
    private readonly answers: WebhookAnswerWriter,
    @Inject(WEBHOOK_PATH) private readonly path: string,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    (adapter.getInstance() as FastifyLike).addHook(
      'onRequest',
      (request, reply, done) => this.onRequest(request, reply, done),
    );
  }

  private onRequest(
    request: FastifyRequestLike,
    reply: FastifyReplyLike,
    done: Done,
  ): void {
    if (request.routeOptions.config?.[WEBHOOK_ROUTE_MARK] !== this.path) {
      done();
      return;
    }
    // The notification trace starts here, so that the token check is in it and the rest of the
    // request (the pipeline, its handlers) runs inside it.
    traceWebhookRequest(request.raw, reply.raw, () =>
      this.checkToken(request, reply, done),
    );
  }

  private checkToken(
    request: FastifyRequestLike,
    reply: FastifyReplyLike,
    done: Done,
  ): void {
    // The pipeline's own first step, run early; the pipeline then finds the request verified.
    runStep(this.authStep, earlyRequestOf(request.raw), (outcome) => {
      if (outcome !== CONTINUE) {
        // Answering from an `onRequest` hook ends the request there: `done` is not called.
        this.answers.write(reply, outcome);
        return;
      }
      request.headers = BODY_HEADERS_HIDDEN;
      done();
    });
  }
}
