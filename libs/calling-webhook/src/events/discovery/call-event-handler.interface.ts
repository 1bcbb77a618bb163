import type { ContextId } from '@nestjs/core';
import type { CallEventSubscription } from '../call-event-subscription.interface.js';
import type { AnyCallNotificationEvent } from '../call-events.interface.js';

/** One decorated method found at bootstrap: an entry of the dispatch table. */
export interface CallEventHandler {
  /** `ClassName.method`, for logs. */
  readonly name: string;
  /** Its decorators, in the order they apply. */
  readonly subscriptions: readonly CallEventSubscription[];
  /**
   * Calls the method. `contextFor` gives the notification's context id: a request-scoped or
   * transient provider is resolved in it, so it is fresh per notification.
   */
  invoke(
    event: AnyCallNotificationEvent,
    contextFor: () => ContextId,
  ): Promise<unknown>;
}
