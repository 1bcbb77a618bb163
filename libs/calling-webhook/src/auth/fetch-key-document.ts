import { MAX_KEY_DOCUMENT_BYTES } from '../calling-webhook.internal-constants.js';
import { KeySourceFetchError } from './key-source.errors.js';

/**
 * GETs one JSON document of the key source (the OpenID configuration or the key set) with a
 * timeout over the whole exchange, a size cap, and no redirects: where keys come from is
 * configuration, never something a response can change.
 */
export async function fetchKeyDocument(
  url: string,
  timeoutMs: number,
): Promise<unknown> {
  const name = new URL(url).host;
  let response: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetch(url, {
      redirect: 'manual',
      signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    throw new KeySourceFetchError(
      signal.aborted
        ? `${name} did not answer within ${timeoutMs} ms`
        : `${name} unreachable`,
      { cause: error },
    );
  }
  try {
    if (response.status !== 200) {
      throw new KeySourceFetchError(`${name} answered HTTP ${response.status}`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!/\bjson\b/i.test(contentType)) {
      throw new KeySourceFetchError(
        `${name} answered ${contentType || 'no content type'}, not JSON`,
      );
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_KEY_DOCUMENT_BYTES)
      throw new KeySourceFetchError(`${name} answered too large a document`);
    const text = await readCapped(response, name, signal);
    try {
      return JSON.parse(text);
    } catch {
      throw new KeySourceFetchError(`${name} answered malformed JSON`);
    }
  } finally {
    // Releases the socket when we stopped before reading the body.
    if (!response.bodyUsed)
      await response.body?.cancel().catch(() => undefined);
  }
}

async function readCapped(
  response: Response,
  name: string,
  signal: AbortSignal,
): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_KEY_DOCUMENT_BYTES) {
        await reader.cancel();
        throw new KeySourceFetchError(`${name} answered too large a document`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof KeySourceFetchError) throw error;
    throw new KeySourceFetchError(
      signal.aborted
        ? `${name} did not answer within the timeout`
        : `${name} broke off its answer`,
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}
