import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';

/**
 * The `callbackUri` of calls this instance answers: `{partition.publicUrl}/{path}/{partition.id}`
 * when a partition is configured (later notifications of the call reach this instance), else
 * `{publicUrl}/{path}`, else `undefined` (the platform keeps the bot's registered webhook).
 */
@Injectable()
export class CallbackUris {
  private readonly answeredCall: string | undefined;

  constructor(
    @Inject(RESOLVED_OPTIONS) options: ResolvedCallingWebhookOptions,
  ) {
    const { partition, publicUrl, path } = options;
    this.answeredCall = partition
      ? `${partition.publicUrl}/${path}/${partition.id}`
      : publicUrl !== undefined
        ? `${publicUrl}/${path}`
        : undefined;
  }

  /** The `callbackUri` to give when this instance answers a call, or `undefined` when none is known. */
  forAnsweredCall(): string | undefined {
    return this.answeredCall;
  }
}
