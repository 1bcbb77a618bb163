import type { AnyCallNotificationEvent } from '../events/call-events.interface.js';
import type { BatchOutcome } from './batch-outcome.js';

/** One notification waiting for its turn in its call's queue. */
export interface CallTask {
  readonly event: AnyCallNotificationEvent;
  /** `callKeyOf(event.callId)`. */
  readonly key: string;
  /** Its duplicate key; `undefined`: not deduplicated. */
  readonly duplicateKey: string | undefined;
  /** What request-scoped handlers are resolved for (the delivery's request). */
  readonly scope: object;
  /** The delivery it came in, told when it was dispatched. */
  readonly outcome: BatchOutcome;
}
