import { Inject, Injectable, Logger } from '@nestjs/common';
import { CallEventSequencer } from '../../calls/call-event.sequencer.js';
import {
  CALLS_OPTIONS,
  type ResolvedCallsOptions,
} from '../../calls/calls-options.js';
import { toCallEvent } from '../parsing/to-call-event.js';
import { CallEventDispatcher } from './call-event.dispatcher.js';
import { duplicateKeyOf } from './duplicate-key.js';
import type { NotificationBatch } from './notification-batch.interface.js';

/**
 * Turns a delivery's notifications into events and runs their handlers: with call state, in
 * each call's order (`CallEventSequencer`); without, one notification after the other as they
 * came. Knows nothing of HTTP: the webhook decides what the outcome means for its answer.
 */
@Injectable()
export class CallNotificationProcessor {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly dispatcher: CallEventDispatcher,
    private readonly sequencer: CallEventSequencer,
    @Inject(CALLS_OPTIONS) private readonly calls: ResolvedCallsOptions,
  ) {}

  /** Never rejects: resolves to `false` when any handler failed. A failure does not stop the rest. */
  process(batch: NotificationBatch): Promise<boolean> {
    return this.calls.enabled
      ? this.sequencer.process(batch)
      : this.processAsTheyCame(batch);
  }

  private async processAsTheyCame(batch: NotificationBatch): Promise<boolean> {
    let ok = true;
    for (const notification of batch.notifications) {
      const event = toCallEvent(notification, batch.principal, batch.headers);
      try {
        ok =
          (await this.dispatcher.dispatch(
            event,
            duplicateKeyOf(event, batch.bodyDigest),
            batch.scope,
          )) && ok;
      } catch (error) {
        ok = false;
        this.logger.error(
          `Dispatching a notification failed: ${error instanceof Error ? error.name : typeof error}`,
          { callId: event.callId },
        );
      }
    }
    return ok;
  }
}
