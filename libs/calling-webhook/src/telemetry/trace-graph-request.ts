import { readResourcePath } from '../protocol/resource-path.js';
import {
  graphRequestChannel,
  graphRetryChannel,
} from './telemetry-channels.js';
import type {
  GraphRequestTraceMessage,
  GraphRetryMessage,
} from './telemetry-messages.interface.js';
import { traced } from './traced.js';

// Graph's collections under a call: the segment after one of them is an id, unless it is an
// action or a sub-collection (`participants/invite`), which are plain words.
const COLLECTIONS = new Set([
  'calls',
  'participants',
  'operations',
  'audioroutinggroups',
  'contentsharingsessions',
]);
const PLAIN_WORD = /^[a-z]+$/i;

/**
 * The low-cardinality route of a Graph path (`url.template`): ids after a collection become
 * `{id}`, so a metric has one series per operation and no call id.
 */
export function graphRouteTemplate(basePath: string, path: string): string {
  const segments = path.split('/');
  const route = segments.map((segment, i) =>
    i > 0 &&
    COLLECTIONS.has(segments[i - 1].toLowerCase()) &&
    !PLAIN_WORD.test(segment)
      ? '{id}'
      : segment,
  );
  return `${basePath.replace(/\/+$/, '')}${route.join('/')}`;
}

/** The trace message of one Graph request (made whether or not anything listens: it is small). */
export function graphRequestMessage(
  graphBaseUrl: URL,
  method: string,
  path: string,
): GraphRequestTraceMessage {
  const defaultPort = graphBaseUrl.protocol === 'https:' ? 443 : 80;
  return {
    method,
    url: `${graphBaseUrl.href.replace(/\/+$/, '')}${path}`,
    route: graphRouteTemplate(graphBaseUrl.pathname, path),
    serverAddress: graphBaseUrl.hostname,
    serverPort: Number(graphBaseUrl.port) || defaultPort,
    callId: readResourcePath(path)?.callId,
    attempts: 0,
  };
}

/** Traces one logical Graph request, its retries included; `work` keeps `message` current. */
export function traceGraphRequest<T>(
  message: GraphRequestTraceMessage,
  work: () => Promise<T>,
): Promise<T> {
  return traced(graphRequestChannel, () => message, work);
}

/** Tells that an attempt failed and will be retried after `delayMs`. */
export function publishGraphRetry(message: GraphRetryMessage): void {
  if (graphRetryChannel.hasSubscribers) graphRetryChannel.publish(message);
}
