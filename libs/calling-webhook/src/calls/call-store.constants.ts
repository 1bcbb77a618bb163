/**
 * Injection token of the call store. Override it (`overrideProvider`, or a provider of your own
 * with this token in a global module) to share call state between instances.
 */
export const CALLING_CALL_STORE = Symbol('CallingCallStore');
