import type { WebhookAnswer } from '../webhook/pipeline/webhook-answer.js';
import type { AffinityRedirectStatus } from './affinity-options.interface.js';

// Only the path and query of a request target are ever reused: an absolute-form target
// (`POST m://attacker/api/calls`) parses to its path, never to a host of the client's choosing.
const PLACEHOLDER_ORIGIN = 'http://request.invalid';

/**
 * A redirect to a configured deployment or peer: `Location` is that base URL followed by the
 * path and query of the request as parsed, never a URL taken from the request or the payload.
 */
export function redirectTo(
  baseUrl: string,
  requestTarget: string,
  status: AffinityRedirectStatus,
): WebhookAnswer {
  const target = new URL(requestTarget, PLACEHOLDER_ORIGIN);
  return {
    status,
    headers: { Location: `${baseUrl}${target.pathname}${target.search}` },
  };
}
