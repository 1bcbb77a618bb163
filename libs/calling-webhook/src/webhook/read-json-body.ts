import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

// `application/json` and any `+json` type; the charset, if given, must be UTF-8 (RFC 8259).
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;

function mediaTypeOf(request: IncomingMessage): {
  type: string;
  charset?: string;
} {
  const [type = '', ...parameters] = (request.headers['content-type'] ?? '')
    .split(';')
    .map((part) => part.trim());
  const charset = parameters
    .map((p) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1])
    .find((c) => c !== undefined);
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() };
}

/** Refuses, before reading anything, a body this reader would not parse anyway. */
function checkHeaders(request: IncomingMessage, limitBytes: number): void {
  const { type, charset } = mediaTypeOf(request);
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new UnsupportedMediaTypeException(
      'notifications must be sent as application/json',
    );
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException('JSON must be UTF-8');
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') {
    throw new UnsupportedMediaTypeException(
      'compressed request bodies are not accepted',
    );
  }
  if (Number(request.headers['content-length']) > limitBytes) {
    throw tooLarge(limitBytes);
  }
}

function tooLarge(limitBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `the notification is larger than the ${limitBytes}-byte limit (bodyLimit)`,
  );
}

/** Reads the raw body, refusing it as soon as it passes the limit (without reading the rest). */
function readRaw(
  request: IncomingMessage,
  limitBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        // Discard the rest rather than destroy the socket: the 413 must reach the client, and
        // a kept-alive connection must be left ready for its next request.
        stop();
        request.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (): void => {
      stop();
      reject(new BadRequestException('the request body could not be read'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * Checks the content type, then reads and parses a JSON body up to `limitBytes`. Refusals are
 * Nest exceptions with a short reason (`415`, `413`, `400`): never the parser's message, which
 * quotes the payload, and never a stack.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<unknown> {
  checkHeaders(request, limitBytes);
  const raw = await readRaw(request, limitBytes);
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new BadRequestException('the body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestException('the body is not valid JSON');
  }
}

/** Checks only the content type of a body that something before the module already parsed. */
export function checkParsedBodyType(request: IncomingMessage): void {
  const { type } = mediaTypeOf(request);
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new UnsupportedMediaTypeException(
      'notifications must be sent as application/json',
    );
  }
}
