import type { AnyCallNotificationEvent } from './call-events.interface.js';

/** What one decorator on one method asks for; stored as an array per method so decorators stack. */
export interface CallEventSubscription {
  /** How the decorator was written, for the start-up log (`@OnCallStateChanged('established')`). */
  readonly decorator: string;
  /** The gate (`handler-gates.ts`) the call's lifecycle must open for the method to run. */
  readonly gate: number;
  /** True when the decorated method must run for this event. */
  readonly matches: (event: AnyCallNotificationEvent) => boolean;
}
