import type { CallEventSubscription } from '../call-event-subscription.interface.js';
import { CALL_EVENT_SUBSCRIPTIONS } from '../call-event.constants.js';

/** A method decorator whose handler takes `TEvent` (or a wider type, or nothing). */
export type CallEventDecorator<TEvent> = <
  THandler extends (event: TEvent) => unknown,
>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<THandler>,
) => void;

/**
 * Adds a subscription to the method's list, so that several decorators stack on one method.
 * Decorators apply bottom-up, so it goes first: the list reads in the order they are written.
 */
export function subscribeToCallEvents<TEvent>(
  subscription: CallEventSubscription,
): CallEventDecorator<TEvent> {
  return (_target, _key, descriptor) => {
    const method = descriptor.value;
    if (typeof method !== 'function') return;
    const existing = (Reflect.getMetadata(CALL_EVENT_SUBSCRIPTIONS, method) ??
      []) as CallEventSubscription[];
    Reflect.defineMetadata(
      CALL_EVENT_SUBSCRIPTIONS,
      [subscription, ...existing],
      method,
    );
  };
}
