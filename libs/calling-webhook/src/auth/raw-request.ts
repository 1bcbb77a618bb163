import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Node request under a framework's request: Express's request is one, Fastify's wraps it
 * as `raw`. Token and body checks read the Node request, so they work the same on both.
 */
export function rawRequestOf(request: object): IncomingMessage {
  const raw = (request as { raw?: unknown }).raw;
  return (
    typeof raw === 'object' && raw !== null ? raw : request
  ) as IncomingMessage;
}

/** The Node response under a framework's response (Express's is one, Fastify's reply wraps it). */
export function rawResponseOf(response: object): ServerResponse {
  const raw = (response as { raw?: unknown }).raw;
  return (
    typeof raw === 'object' && raw !== null ? raw : response
  ) as ServerResponse;
}
