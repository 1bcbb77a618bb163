/**
 * The call to act on: an event of this module (it carries both fields) or any
 * `{ callId, tenantId }`. The tenant is the caller's (`tid` of the platform's token), so that a
 * multi-tenant bot acts in the tenant the call belongs to.
 */
export interface CallReference {
  readonly callId: string;
  readonly tenantId: string;
}
