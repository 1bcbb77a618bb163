import type { LocalGraphApi } from './local-graph-api.js';
import type { NotificationSender } from './notification-sender.js';

/** How the platform plays a call; every field has a default. */
export interface SimulatedCallOptions {
  /** Default wait of `established()` and the other waits. @default the platform's `timeoutMs` */
  timeoutMs?: number;
  /** Follow an answer (or the bot placing the call) with `establishing`, `established` and a roster. @default true */
  autoEstablish?: boolean;
  /** How long running operations (prompts, recordings, tones sent, invitations, hold music) take. @default 0 */
  operationDurationMs?: number;
  /** The platform ends the call (`408`/`8537`) when the bot sends no keepAlive for this long. @default 2_700_000 (45 minutes) */
  keepAliveTimeoutMs?: number;
  /** Notifications delivered twice (the same message id again), e.g. `['established']`. */
  deliverTwice?: readonly string[];
  /** `[first, second]` pairs: the next `first` is held back until the next `second` was delivered. */
  deliverOutOfOrder?: readonly (readonly [string, string])[];
}

/** What every simulated call is made of. */
export interface SimulatedCallInit extends SimulatedCallOptions {
  readonly callId: string;
  readonly tenantId: string;
  readonly graph: LocalGraphApi;
  readonly sender: NotificationSender;
  readonly timeoutMs: number;
}

/** Who ended a call: the bot (`DELETE`), the other side, or the platform (a missed keepAlive). */
export type CallEnder = 'bot' | 'caller' | 'platform';
