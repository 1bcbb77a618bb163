import type { IncomingMessage } from 'node:http';
import { WebhookRequest } from './webhook-request.js';

// Requests whose first steps ran before the framework saw them: the token checked before
// `100 Continue`, or before Express's or Fastify's own body handling. The pipeline goes on with
// what they learned rather than check again (with the token cache off, that would be a second
// RSA verification). Keyed by the Node request, which lives as long as the request.
const early = new WeakMap<IncomingMessage, WebhookRequest>();

/** The webhook request of `raw` as the early steps left it, or a new one for them to run on. */
export function earlyRequestOf(raw: IncomingMessage): WebhookRequest {
  let request = early.get(raw);
  if (request === undefined) {
    request = new WebhookRequest(raw, raw, raw.url ?? '', undefined);
    early.set(raw, request);
  }
  return request;
}

/** The webhook request the early steps left for `raw`, if any (taken: it is the pipeline's now). */
export function takeEarlyRequest(
  raw: IncomingMessage,
): WebhookRequest | undefined {
  const request = early.get(raw);
  early.delete(raw);
  return request;
}
