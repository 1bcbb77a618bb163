import type { CallReference } from '../../control/call-reference.interface.js';

/** Where a notification of a call is handled. */
export type CallRoute =
  /** Here: this instance owns the call (`takenOverFrom`: the dead instance it took it from just now). */
  | { readonly kind: 'here'; readonly takenOverFrom?: string }
  /** At its owner, another live instance (`url`: its `instanceUrl`, if it has one). */
  | {
      readonly kind: 'owner';
      readonly instanceId: string;
      readonly url: string | undefined;
    };

/** What the fleet tells the call-state side when ownership of a call changes hands. */
export interface CallHandoverListener {
  /**
   * This instance took `call` over from `previousOwner` (an instance that died or left): load
   * its state and keep it alive. Awaited (bounded) before the call's notification is handled.
   */
  adopted(call: CallReference, previousOwner: string): Promise<void>;
  /** Another instance owns `callId` now: stop keeping it alive here. */
  lost(callId: string): void;
}
