import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { RecordOperation } from '@microsoft/microsoft-graph-types';
import { isSecureOrLoopbackUrl } from '../config/url-rules.js';
import { RecordingDownloadError } from './call-control.errors.js';

/** A recording being downloaded: its bytes as a Node stream, and what the server said of them. */
export interface RecordingDownload {
  /** The recording's bytes (e.g. for `new StreamableFile(stream)` or `pipeline(stream, file)`). */
  readonly stream: Readable;
  /** The `content-type` answered, e.g. `application/octet-stream`. */
  readonly contentType: string | undefined;
  /** The `content-length` answered, when known. */
  readonly contentLength: number | undefined;
}

/** The fields of a completed record operation that locate its recording. */
export type RecordingLocation = Pick<
  RecordOperation,
  'recordingLocation' | 'recordingAccessToken'
>;

/**
 * Streams a `recordResponse` recording from its `recordingLocation`, with its
 * `recordingAccessToken` as bearer token. Graph keeps it only shortly after the call ends.
 * `timeoutMs` bounds the wait for the answer, not the download.
 */
export async function downloadRecording(
  recording: RecordingLocation,
  timeoutMs: number,
): Promise<RecordingDownload> {
  const location = recording?.recordingLocation;
  const token = recording?.recordingAccessToken;
  // A failed or cancelled recordResponse completes with both empty.
  if (!location || !token)
    throw new RecordingDownloadError(
      undefined,
      'the operation has no recordingLocation and recordingAccessToken (did it fail?)',
    );
  if (!isSecureOrLoopbackUrl(location))
    throw new RecordingDownloadError(
      undefined,
      'the recordingLocation is not an https URL',
    );
  const aborter = new AbortController();
  const timer = setTimeout(() => aborter.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(location, {
      headers: { authorization: `Bearer ${token}` },
      // The bearer token must not follow a redirect to another host.
      redirect: 'error',
      signal: aborter.signal,
    });
  } catch (error) {
    throw new RecordingDownloadError(
      undefined,
      aborter.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : failureCause(error),
    );
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new RecordingDownloadError(
      response.status,
      `the recording location answered ${response.status}`,
    );
  }
  const length = Number(response.headers.get('content-length'));
  return {
    stream: Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
    contentType: response.headers.get('content-type') ?? undefined,
    contentLength: Number.isFinite(length) && length > 0 ? length : undefined,
  };
}

// fetch says only "fetch failed"; the reason (ECONNREFUSED, a redirect) is in its cause.
function failureCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    ?.cause;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === 'string' ? detail : 'network error';
}
