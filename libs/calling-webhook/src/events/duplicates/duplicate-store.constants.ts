/**
 * Injection token of the duplicate store. Override it (`overrideProvider`, or a provider of
 * your own with this token in a global module) to share the store between instances.
 */
export const CALLING_DUPLICATE_STORE = Symbol('CallingDuplicateStore');
