import { Inject, Injectable } from '@nestjs/common';
import { WEBHOOK_PATH } from '../calling-webhook.internal-constants.js';
import {
  FLEET_OPTIONS,
  type ResolvedFleetOptions,
} from '../fleet/fleet-options.js';
import {
  AFFINITY_OPTIONS,
  type ResolvedAffinityOptions,
} from './affinity-options.js';

/**
 * The `callbackUri` of calls this instance answers or places: `{partition.publicUrl}/{path}/{id}`
 * when a partition is configured, or `{fleet.instanceUrl}/{path}` with fleet routing `redirect`
 * (later notifications of the call reach this instance), else `{publicUrl}/{path}`, else
 * `undefined` (the platform keeps the bot's registered webhook).
 */
@Injectable()
export class CallbackUris {
  private readonly answeredCall: string | undefined;

  constructor(
    @Inject(AFFINITY_OPTIONS) options: ResolvedAffinityOptions,
    @Inject(WEBHOOK_PATH) path: string,
    @Inject(FLEET_OPTIONS) fleet: ResolvedFleetOptions | undefined,
  ) {
    const { partition, publicUrl } = options;
    const ownUrl =
      fleet?.routing === 'redirect' ? fleet.instanceUrl : undefined;
    this.answeredCall = partition
      ? `${partition.publicUrl}/${path}/${partition.id}`
      : ownUrl !== undefined
        ? `${ownUrl}/${path}`
        : publicUrl !== undefined
          ? `${publicUrl}/${path}`
          : undefined;
  }

  /** The `callbackUri` to give when this instance answers a call, or `undefined` when none is known. */
  forAnsweredCall(): string | undefined {
    return this.answeredCall;
  }
}
