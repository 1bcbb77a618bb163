import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CONTINUE,
  type StepOutcome,
} from '../webhook/pipeline/webhook-answer.js';
import {
  expectSet,
  type WebhookRequest,
} from '../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../webhook/pipeline/webhook-step.interface.js';
import {
  AFFINITY_OPTIONS,
  type ResolvedAffinityOptions,
} from './affinity-options.js';
import { redirectTo } from './redirect-location.js';
import { RegionResolverHost } from './region-resolver.host.js';
import { describeError } from '../logging/describe-error.js';

/**
 * Region affinity: when the resolver names another configured deployment, the notification is
 * redirected there (`302`, or `307` by option) with `Location` = that deployment's base URL +
 * this request's path and query. No resolver, this region, an unknown region or a failing
 * resolver: handled here (lose nothing). Partition routes are the partition step's.
 */
@Injectable()
export class RegionAffinityStep implements WebhookStep {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(AFFINITY_OPTIONS) private readonly options: ResolvedAffinityOptions,
    private readonly resolver: RegionResolverHost,
  ) {}

  async run(request: WebhookRequest): Promise<StepOutcome> {
    const affinity = this.options.regionAffinity;
    if (
      !affinity ||
      !this.resolver.configured ||
      request.partition !== undefined
    ) {
      return CONTINUE;
    }
    const region = await this.resolveRegion(request);
    if (region === undefined || region === affinity.currentRegion)
      return CONTINUE;
    const baseUrl = affinity.deployments.get(region);
    if (baseUrl === undefined) {
      this.logger.debug(
        'Region resolver named a region with no deployment; handled here',
      );
      return CONTINUE;
    }
    return redirectTo(baseUrl, request.target, affinity.redirectStatus);
  }

  private async resolveRegion(
    request: WebhookRequest,
  ): Promise<string | undefined> {
    const { authorization: _token, ...headers } = request.raw.headers;
    try {
      return await this.resolver.resolve({
        notifications: expectSet(request.notifications, 'notifications').map(
          (n) => n.item,
        ),
        headers,
        principal: expectSet(request.principal, 'principal'),
      });
    } catch (error) {
      this.logger.error(
        `Region resolver failed (${describeError(error)}); the notification is handled here`,
      );
      return undefined;
    }
  }
}
