// Which handlers a notification may run, as its call's lifecycle decides: a bit set, so that the
// dispatch table is filtered without an allocation. Each decorator's subscription names the one
// bit it needs; with call state off every bit is open.

/** Catch-alls (`@OnCallNotification`): every notification, the call ended or not. */
export const GATE_ANY = 1;
/** Handlers of a call that has not ended: tones, rosters, operations. */
export const GATE_LIVE = 2;
/** The call's state moved: `@OnIncomingCall`, `@OnCallStateChanged`, `@OnCallTerminated`. */
export const GATE_STATE_CHANGE = 4;
/** The call reached `established` for the first time: `@OnCallEstablished`. */
export const GATE_FIRST_ESTABLISHED = 8;
/** Every handler that matches (call state off). */
export const ALL_GATES =
  GATE_ANY | GATE_LIVE | GATE_STATE_CHANGE | GATE_FIRST_ESTABLISHED;
