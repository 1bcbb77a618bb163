import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

// A call request is a few hundred bytes; nothing near this is one.
const LIMIT_BYTES = 16 * 1024;

/**
 * The JSON body of a request to one of the sample's own routes. The app runs without Nest's
 * body parser (the webhook reads its own bodies, after the token check), so on Express the body
 * is read here; Fastify parses JSON bodies itself and hands them over parsed.
 */
export async function jsonRequestBody(request: unknown): Promise<unknown> {
  const parsed = (request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  const raw = ((request as { raw?: IncomingMessage }).raw ??
    request) as IncomingMessage;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES)
      throw new PayloadTooLargeException(
        `the body must be at most ${LIMIT_BYTES} bytes`,
      );
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequestException('the body must be JSON');
  }
}
