import { Inject, Injectable } from '@nestjs/common';
import type { CommsOperation } from '@microsoft/microsoft-graph-types';
import type { AnyCallNotificationEvent } from '../events/call-events.interface.js';
import {
  isOperationCompleted,
  isTerminated,
} from '../events/decorators/call-event-matchers.js';
import { OperationFailedError } from './call-operation.errors.js';
import { callEndOf } from './call-transition.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';
import { LiveCall } from './live-call.js';
import { operationKeyOf } from './operation-key.js';

/**
 * The calls this process holds something for (queued notifications, awaited operations, tone
 * waits), by `callKeyOf(callId)`. A notification is looked at here as soon as it arrives, before
 * it waits for its turn: an awaited operation settles on its completion's arrival, so a handler
 * that awaits one never waits for a notification queued behind itself.
 */
@Injectable()
export class LiveCalls {
  private readonly calls = new Map<string, LiveCall>();
  // A live call stays while it lives, so that each of its notifications finds it made; one that
  // ended, or one too many (calls lost without a word), goes once nothing is queued or awaited.
  private readonly forget = (call: LiveCall): void => {
    if (
      (call.over || this.calls.size > this.options.storeSize) &&
      this.calls.get(call.key) === call
    )
      this.calls.delete(call.key);
  };

  constructor(
    @Inject(CALLS_OPTIONS) private readonly options: ResolvedCallsOptions,
  ) {}

  /** The live call of `key`, made when there is none. */
  of(key: string): LiveCall {
    let call = this.calls.get(key);
    if (!call) {
      call = new LiveCall(key, this.forget);
      this.calls.set(key, call);
    }
    return call;
  }

  /** The live call of `key`, if this process holds anything for it. */
  find(key: string): LiveCall | undefined {
    return this.calls.get(key);
  }

  /** Settles what `event` ends: an operation's wait, the waits for a tone, every wait of an ended call. */
  arrive(event: AnyCallNotificationEvent, key: string): void {
    const call = this.calls.get(key);
    if (!call) return;
    if (event.kind === 'operation') {
      if (!isOperationCompleted(event)) return;
      const { operation } = event;
      const pending = call.operationFor(
        operation.clientContext ?? undefined,
        event.operationId === undefined
          ? undefined
          : operationKeyOf(event.operationId),
      );
      if (!pending) return;
      pending.settle(
        String(operation.status).toLowerCase() === 'failed'
          ? {
              ok: false,
              error: new OperationFailedError(
                pending.clientContext,
                event.operationType,
                event.resultInfo,
              ),
            }
          : { ok: true, operation: operation as CommsOperation },
      );
      call.untrack(pending);
    } else if (event.kind === 'call') {
      if (isTerminated(event))
        call.ended(event.callId, callEndOf(event.call, Date.now()));
      else if (event.tone) call.toneArrived(event.tone);
    }
  }
}
