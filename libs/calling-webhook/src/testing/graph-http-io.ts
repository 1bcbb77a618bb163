import type { IncomingMessage, ServerResponse } from 'node:http';
import { withInnerError, type GraphAnswer } from './graph-answer.js';

// The fake Graph's HTTP plumbing: reading a request, writing an answer, recording headers.

/** Writes `answer` with Graph's request ids. */
export function respond(
  res: ServerResponse,
  answer: GraphAnswer,
  requestId: string,
  clientRequestId: string | undefined,
): void {
  res.writeHead(answer.status, {
    'request-id': requestId,
    ...(clientRequestId === undefined
      ? {}
      : { 'client-request-id': clientRequestId }),
    ...answer.headers,
    ...(answer.body === undefined
      ? {}
      : { 'content-type': 'application/json' }),
  });
  res.end(
    answer.body === undefined
      ? undefined
      : JSON.stringify(withInnerError(answer.body, requestId, clientRequestId)),
  );
}

/** The request headers without the bearer token. */
export function redacted(
  headers: IncomingMessage['headers'],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = name === 'authorization' ? 'Bearer [redacted]' : String(value);
  }
  return out;
}

/** The JSON of a body, `undefined` when empty or not JSON. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
