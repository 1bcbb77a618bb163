import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CONTINUE,
  type StepOutcome,
} from '../webhook/pipeline/webhook-answer.js';
import type { WebhookRequest } from '../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../webhook/pipeline/webhook-step.interface.js';
import { BODY_OPTIONS, type ResolvedBodyOptions } from './body-options.js';
import { checkBodyHeaders, readJsonBody } from './read-json-body.js';

const MESSAGE_ID_HEADER = 'x-microsoft-skype-message-id';

/**
 * Reads the JSON body, after the token check and up to `bodyLimit`: `415` for a body that is not
 * JSON, `413` past the limit (without reading the rest), `400` for malformed JSON. Without a
 * platform message id, the raw bytes are hashed: that hash is the duplicate key of the body's
 * notifications, and, unlike a `JSON.stringify` of the parsed body, it cannot throw.
 */
@Injectable()
export class NotificationBodyStep implements WebhookStep {
  constructor(
    @Inject(BODY_OPTIONS) private readonly options: ResolvedBodyOptions,
  ) {}

  async run(request: WebhookRequest): Promise<StepOutcome> {
    // Read already by a check before the framework (Express's).
    if (request.bodyRead) return CONTINUE;
    const { raw } = request;
    const digest = raw.headers[MESSAGE_ID_HEADER] === undefined;
    if (raw.readableEnded) return this.readAlready(request, digest);
    const body = await readJsonBody(raw, this.options.limitBytes, digest);
    if (!('value' in body)) return body;
    request.body = body.value;
    request.bodyDigest = body.digest;
    request.bodyRead = true;
    return CONTINUE;
  }

  // Something ahead of the webhook (a parser of the app's own on this route) read the body:
  // only its content type can still be checked.
  private readAlready(request: WebhookRequest, digest: boolean): StepOutcome {
    const refused = checkBodyHeaders(request.raw, Number.POSITIVE_INFINITY);
    if (refused) return refused;
    request.body = (request.frameworkRequest as { body?: unknown }).body;
    if (digest) request.bodyDigest = digestOfParsed(request.body);
    request.bodyRead = true;
    return CONTINUE;
  }
}

function digestOfParsed(body: unknown): string | undefined {
  try {
    return createHash('sha256')
      .update(JSON.stringify(body) ?? '')
      .digest('base64url');
  } catch {
    // Too deep to serialise: no duplicate key, so the handlers may run twice, never a 500.
    return undefined;
  }
}
