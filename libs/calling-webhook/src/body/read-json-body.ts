import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  refusal,
  type WebhookAnswer,
} from '../webhook/pipeline/webhook-answer.js';

// `application/json` and any `+json` type; the charset, if given, must be UTF-8 (RFC 8259).
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;

/** A body that was read, parsed, and (when asked) hashed. */
export interface JsonBody {
  readonly value: unknown;
  /** SHA-256 of the raw bytes (base64url), when `digest` was asked for. */
  readonly digest: string | undefined;
}

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

function tooLarge(limitBytes: number): WebhookAnswer {
  // The rest of the body is not read: the connection is closed after the answer.
  return refusal(
    413,
    `the notification is larger than the ${limitBytes}-byte limit (bodyLimit)`,
    { closeConnection: true },
  );
}

/** Refuses, before reading anything, a body this reader would not parse anyway. */
export function checkBodyHeaders(
  request: IncomingMessage,
  limitBytes: number,
): WebhookAnswer | undefined {
  const { type, charset } = mediaTypeOf(request);
  if (!JSON_MEDIA_TYPE.test(type)) {
    return refusal(415, 'notifications must be sent as application/json', {
      closeConnection: true,
    });
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return refusal(415, 'JSON must be UTF-8', { closeConnection: true });
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') {
    return refusal(415, 'compressed request bodies are not accepted', {
      closeConnection: true,
    });
  }
  if (Number(request.headers['content-length']) > limitBytes) {
    return tooLarge(limitBytes);
  }
  return undefined;
}

/** Reads the raw body, refusing it as soon as it passes the limit (without reading the rest). */
function readRaw(
  request: IncomingMessage,
  limitBytes: number,
): Promise<Buffer | WebhookAnswer> {
  return new Promise((resolve) => {
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
        stop();
        request.pause();
        resolve(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (): void => {
      stop();
      resolve(
        refusal(400, 'the request body could not be read', {
          closeConnection: true,
        }),
      );
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * Checks the content type, then reads and parses a JSON body up to `limitBytes`. A refusal is
 * an answer with a short reason (`415`, `413`, `400`): never the parser's message, which quotes
 * the payload, and never a stack.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limitBytes: number,
  digest: boolean,
): Promise<JsonBody | WebhookAnswer> {
  const refused = checkBodyHeaders(request, limitBytes);
  if (refused) return refused;
  const raw = await readRaw(request, limitBytes);
  if (!Buffer.isBuffer(raw)) return raw;
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A test, not a trim: trimming would copy the whole body.
  if (!/\S/.test(text)) return refusal(400, 'the body is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refusal(400, 'the body is not valid JSON');
  }
  return {
    value,
    digest: digest
      ? createHash('sha256').update(raw).digest('base64url')
      : undefined,
  };
}
