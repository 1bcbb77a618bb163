/** Metadata key under which the event decorators store their subscriptions (internal). */
export const CALL_EVENT_SUBSCRIPTIONS =
  'nestjs-calling-webhook:call-event-subscriptions';
