import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { PartitionInterceptor } from '../affinity/partition.interceptor.js';
import { RegionAffinityInterceptor } from '../affinity/region-affinity.interceptor.js';
import { ProtocolInterceptor } from '../protocol/protocol.interceptor.js';
import { NotificationBodyInterceptor } from './notification-body.interceptor.js';

// What a step returns to say "go on": this very observable, which only the steps' `next` hands out.
const GO_ON = new Observable<never>((subscriber) => subscriber.complete());
const GO_ON_HANDLER: CallHandler = { handle: () => GO_ON };

/**
 * The webhook's steps after the guard, in order: read the body, the 204 rule, partitions, the
 * 302 rule. Each step is an interceptor of its own (usable alone on a user's route); here they
 * run as one, because Nest's chaining costs about 6 µs per interceptor per request (measured with
 * the load benchmark: four empty interceptors took 15% off a bare endpoint's rate). The first step
 * that answers (204, 302, ...) ends the chain; otherwise the handler runs.
 */
@Injectable()
export class WebhookPipelineInterceptor implements NestInterceptor {
  private readonly steps: readonly NestInterceptor[];

  constructor(
    body: NotificationBodyInterceptor,
    protocol: ProtocolInterceptor,
    partition: PartitionInterceptor,
    region: RegionAffinityInterceptor,
  ) {
    this.steps = [body, protocol, partition, region];
  }

  async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    for (const step of this.steps) {
      const outcome = await step.intercept(context, GO_ON_HANDLER);
      if (outcome !== GO_ON) return outcome;
    }
    return next.handle();
  }
}
