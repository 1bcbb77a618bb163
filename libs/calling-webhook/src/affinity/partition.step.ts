import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CONTINUE,
  type StepOutcome,
} from '../webhook/pipeline/webhook-answer.js';
import type { WebhookRequest } from '../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../webhook/pipeline/webhook-step.interface.js';
import {
  AFFINITY_OPTIONS,
  PARTITION_ID_PATTERN,
  type ResolvedAffinityOptions,
} from './affinity-options.js';
import { redirectTo } from './redirect-location.js';

/**
 * Partitioned callback URIs (`POST /{path}/{partition}`): a notification for another known
 * partition is redirected to that peer (same path and query); this instance's partition is
 * handled; an unknown partition is handled here with a warning (lose nothing).
 */
@Injectable()
export class PartitionStep implements WebhookStep {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(AFFINITY_OPTIONS) private readonly options: ResolvedAffinityOptions,
  ) {}

  run(request: WebhookRequest): StepOutcome {
    const { partition } = request;
    const own = this.options.partition;
    if (partition === undefined || partition === own?.id) return CONTINUE;
    const peer = own?.peers.get(partition);
    if (own === undefined || peer === undefined) {
      // The id comes from the URL: only a well-formed one is repeated in the log.
      const shown = PARTITION_ID_PATTERN.test(partition)
        ? `"${partition}"`
        : '(malformed id)';
      this.logger.warn(
        `Notification for unknown partition ${shown}: handled here`,
      );
      return CONTINUE;
    }
    return redirectTo(peer, request.target, own.redirectStatus);
  }
}
