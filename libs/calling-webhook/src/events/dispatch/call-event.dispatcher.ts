import { Inject, Injectable, Logger } from '@nestjs/common';
import { ContextIdFactory, ModuleRef, type ContextId } from '@nestjs/core';
import { traceHandler } from '../../telemetry/trace-handler.js';
import type { AnyCallNotificationEvent } from '../call-events.interface.js';
import type { CallEventHandler } from '../discovery/call-event-handler.interface.js';
import { CallEventExplorer } from '../discovery/call-event.explorer.js';
import { CALLING_DUPLICATE_STORE } from '../duplicates/duplicate-store.constants.js';
import type { CallingDuplicateStore } from '../duplicates/duplicate-store.interface.js';
import { EVENTS_OPTIONS } from '../events-options.js';
import type { ResolvedEventsOptions } from '../events-options.interface.js';
import { describeError } from '../../logging/describe-error.js';
import { logSafe } from '../../logging/log-safe.js';
import { nextSlice } from './event-loop-slice.js';
import { ALL_GATES } from './handler-gates.js';

/**
 * Runs the handlers of one notification, concurrently, once: a notification handled before
 * (same key) is skipped, and it is remembered only when every handler succeeded, so that the
 * platform's retry of a failed delivery runs them again. A redelivery that arrives while the
 * first delivery's handlers still run (the store only knows finished ones) shares their outcome
 * instead of running them a second time; this holds within one process.
 */
@Injectable()
export class CallEventDispatcher {
  private readonly logger = new Logger('CallingWebhook');
  /** The deliveries whose handlers run now, by duplicate key. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly explorer: CallEventExplorer,
    private readonly moduleRef: ModuleRef,
    @Inject(CALLING_DUPLICATE_STORE)
    private readonly duplicates: CallingDuplicateStore,
    @Inject(EVENTS_OPTIONS) private readonly options: ResolvedEventsOptions,
  ) {}

  /**
   * Resolves to `false` when a handler failed (each failure is logged and given to the hook).
   * `key` is the duplicate key (none: not deduplicated); `scope` the object request-scoped
   * handlers are resolved for; `gates` the handlers the call's lifecycle lets run.
   */
  async dispatch(
    event: AnyCallNotificationEvent,
    key: string | undefined,
    scope: object,
    gates: number = ALL_GATES,
  ): Promise<boolean> {
    const handlers = this.explorer.handlersFor(event, gates);
    if (handlers.length === 0) return true;
    if (key === undefined) return this.run(handlers, event, scope);
    const running = this.inFlight.get(key);
    if (running) {
      this.logger.debug(
        'A redelivered notification waits for the delivery under way',
        { callId: event.callId },
      );
      return running;
    }
    // Registered before the first await, so that a redelivery arriving meanwhile finds it.
    const attempt = this.attempt(key, handlers, event, scope);
    this.inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async attempt(
    key: string,
    handlers: readonly CallEventHandler[],
    event: AnyCallNotificationEvent,
    scope: object,
  ): Promise<boolean> {
    if (await this.seen(key, event.callId)) {
      this.logger.debug('Skipped a redelivered notification (handled before)', {
        callId: event.callId,
      });
      return true;
    }
    const ok = await this.run(handlers, event, scope);
    if (ok) await this.remember(key, event.callId);
    return ok;
  }

  private async run(
    handlers: readonly CallEventHandler[],
    event: AnyCallNotificationEvent,
    scope: object,
  ): Promise<boolean> {
    // Right before the handlers, which may be synchronous work of their own: the notifications
    // of many calls reach this point side by side, and together they leave the event loop turns.
    const slice = nextSlice();
    if (slice) await slice;
    let contextId: ContextId | undefined;
    const contextFor = (): ContextId => {
      if (!contextId) {
        contextId = ContextIdFactory.create();
        this.moduleRef.registerRequestByContextId(scope, contextId);
      }
      return contextId;
    };
    const outcomes = await Promise.allSettled(
      handlers.map((handler) =>
        traceHandler(handler.name, event, () =>
          handler.invoke(event, contextFor),
        ),
      ),
    );
    let ok = true;
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      ok = false;
      await this.report(outcome.reason, handlers[i].name, event);
    }
    return ok;
  }

  private async seen(key: string, callId: string): Promise<boolean> {
    try {
      return await this.duplicates.has(key, callId);
    } catch (error) {
      // Running a handler twice is better than never: an unreachable store lets the event through.
      this.logger.warn(
        `Duplicate store lookup failed: ${describeError(error)}`,
      );
      return false;
    }
  }

  private async remember(key: string, callId: string): Promise<void> {
    try {
      await this.duplicates.mark(key, this.options.duplicateTtlMs, callId);
    } catch (error) {
      this.logger.warn(`Duplicate store write failed: ${describeError(error)}`);
    }
  }

  private async report(
    error: unknown,
    handler: string,
    event: AnyCallNotificationEvent,
  ): Promise<void> {
    this.logger.error(
      `Handler ${handler} failed (${event.kind}, ${logSafe(event.changeType)}): ${describeError(error)}`,
      { callId: event.callId },
    );
    const hook = this.options.onHandlerError;
    if (!hook) return;
    try {
      await hook(error, event);
    } catch (hookError) {
      this.logger.error(`onHandlerError failed: ${describeError(hookError)}`);
    }
  }
}
