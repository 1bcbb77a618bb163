import type { IncomingMessage } from 'node:http';

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
