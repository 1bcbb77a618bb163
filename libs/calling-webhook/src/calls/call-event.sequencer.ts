import { Injectable, Logger } from '@nestjs/common';
import type {
  AnyCallNotificationEvent,
  CallEvent,
} from '../events/call-events.interface.js';
import { CallEventDispatcher } from '../events/dispatch/call-event.dispatcher.js';
import { duplicateKeyOf } from '../events/dispatch/duplicate-key.js';
import { nextSlice } from '../events/dispatch/event-loop-slice.js';
import type { NotificationBatch } from '../events/dispatch/notification-batch.interface.js';
import { toCallEvent } from '../events/parsing/to-call-event.js';
import { callKeyOf } from '../protocol/call-id.js';
import { BatchOutcome } from './batch-outcome.js';
import { CallRecords } from './call-records.service.js';
import type { LiveCall } from './live-call.js';
import { isPromise } from './maybe-promise.js';
import { LiveCalls } from './live-calls.js';

/**
 * Dispatches notifications with call state: each one is first looked at on arrival (awaited
 * operations and tones settle), then waits for its call's turn, so that the notifications of one
 * call run one after the other across concurrent deliveries while different calls run side by
 * side (as the C# SDK queues per call). In its turn it is applied to the call's record, which
 * decides the handlers it may run (`call-transition.ts`), and its event carries the call id in
 * the form the call was first known by.
 */
@Injectable()
export class CallEventSequencer {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    private readonly liveCalls: LiveCalls,
    private readonly records: CallRecords,
    private readonly dispatcher: CallEventDispatcher,
  ) {}

  /** Never rejects: resolves once every notification of the delivery ran, `false` when a handler failed. */
  async process(batch: NotificationBatch): Promise<boolean> {
    const { notifications } = batch;
    const outcome = new BatchOutcome(notifications.length);
    // The platform's usual delivery: one notification, no lists to make.
    if (notifications.length === 1) {
      const event = toCallEvent(
        notifications[0],
        batch.principal,
        batch.headers,
      );
      const key = callKeyOf(event.callId);
      this.liveCalls.arrive(event, key);
      this.enqueue(event, key, batch, outcome);
      return outcome.done;
    }
    const events: AnyCallNotificationEvent[] = [];
    const keys: string[] = [];
    // Every notification of the delivery arrives before any waits for its turn.
    for (const notification of notifications) {
      const event = toCallEvent(notification, batch.principal, batch.headers);
      const key = callKeyOf(event.callId);
      this.liveCalls.arrive(event, key);
      events.push(event);
      keys.push(key);
    }
    for (let i = 0; i < events.length; i++) {
      this.enqueue(events[i], keys[i], batch, outcome);
      const slice = nextSlice();
      if (slice) await slice;
    }
    return outcome.done;
  }

  /**
   * Dispatches an event the module made itself (a call found gone), in its call's turn, as if it
   * had arrived now. Request-scoped handlers are resolved for an empty request.
   */
  dispatchMade(event: CallEvent): Promise<boolean> {
    const key = callKeyOf(event.callId);
    this.liveCalls.arrive(event, key);
    const outcome = new BatchOutcome(1);
    this.enqueue(event, key, { bodyDigest: undefined, scope: {} }, outcome);
    return outcome.done;
  }

  private enqueue(
    event: AnyCallNotificationEvent,
    key: string,
    delivery: Pick<NotificationBatch, 'bodyDigest' | 'scope'>,
    outcome: BatchOutcome,
  ): void {
    const call = this.liveCalls.of(key);
    call.queue.push({
      event,
      key,
      duplicateKey: duplicateKeyOf(event, delivery.bodyDigest),
      scope: delivery.scope,
      outcome,
    });
    if (!call.draining) void this.drain(call);
  }

  private async drain(call: LiveCall): Promise<void> {
    call.draining = true;
    for (
      let task = call.queue.shift();
      task !== undefined;
      task = call.queue.shift()
    ) {
      const { event, key, duplicateKey, scope } = task;
      let ok = false;
      try {
        const applied = this.records.apply(event, key, duplicateKey);
        // The default store answers at once: no promise round trip for it.
        const transition = isPromise(applied) ? await applied : applied;
        if (transition?.record.end) call.over = true;
        const callId = transition?.record.callId ?? event.callId;
        // Without a transition the store failed: every handler that matches runs, as without state.
        ok = await this.dispatcher.dispatch(
          callId === event.callId ? event : { ...event, callId },
          duplicateKey,
          scope,
          transition?.gates,
        );
      } catch (error) {
        this.logger.error(
          `Dispatching a notification failed: ${error instanceof Error ? error.name : typeof error}`,
          { callId: event.callId },
        );
      }
      task.outcome.settle(ok);
    }
    call.draining = false;
    call.releaseIfIdle();
  }
}
