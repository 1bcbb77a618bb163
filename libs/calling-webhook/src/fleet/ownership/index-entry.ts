import type { CallReference } from '../../control/call-reference.interface.js';

// A call in an instance's index: `{tenantId}/{callId}`. Neither holds a slash (a tenant is a GUID,
// a call id letters, digits, `-` and `_`): a taker needs both to ask Graph about the call.

/** The index value of a call. */
export function indexEntry(call: CallReference): string {
  return `${call.tenantId}/${call.callId}`;
}

/** The call an index value names, or `undefined` when it is not one. */
export function parseIndexEntry(value: string): CallReference | undefined {
  const at = value.indexOf('/');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { tenantId: value.slice(0, at), callId: value.slice(at + 1) };
}
