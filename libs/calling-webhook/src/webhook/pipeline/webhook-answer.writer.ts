import { STATUS_CODES } from 'node:http';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { refusalBody, type WebhookAnswer } from './webhook-answer.js';

/**
 * Writes an answer through Nest's HTTP adapter (`setHeader`, `reply`), so that it is the same
 * on Express and Fastify: status, headers, and for a refusal Nest's usual error body.
 */
@Injectable()
export class WebhookAnswerWriter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  write(response: unknown, answer: WebhookAnswer): void {
    const adapter = this.adapterHost.httpAdapter;
    if (answer.headers) {
      for (const name in answer.headers) {
        adapter.setHeader(response, name, answer.headers[name]);
      }
    }
    if (answer.closeConnection)
      adapter.setHeader(response, 'Connection', 'close');
    adapter.reply(
      response,
      answer.reason === undefined
        ? undefined
        : refusalBody(
            answer.status,
            answer.reason,
            STATUS_CODES[answer.status],
          ),
      answer.status,
    );
  }
}
