import { STATUS_CODES, type ServerResponse } from 'node:http';
import { refusalBody, type WebhookAnswer } from '../pipeline/webhook-answer.js';

/**
 * Answers a request no framework has seen yet (a refusal of an early check) with Node's own
 * response, in the shape the pipeline gives: Nest's error body, and the connection closed when
 * the body was not read.
 */
export function answerDirectly(
  response: ServerResponse,
  answer: WebhookAnswer,
): void {
  const body = JSON.stringify(
    refusalBody(
      answer.status,
      answer.reason ?? '',
      STATUS_CODES[answer.status],
    ),
  );
  // `Object.assign`, not a spread with keys after it (V8's slow path on Node 20): a flood of
  // refused requests comes through here.
  const headers: Record<string, string | number> = Object.assign(
    {},
    answer.headers,
    {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    },
  );
  if (answer.closeConnection) headers.connection = 'close';
  response.writeHead(answer.status, headers);
  response.end(body);
}
