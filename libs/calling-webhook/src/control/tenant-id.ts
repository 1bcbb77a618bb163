// The tenant id ends up in the authority URL's path, so only a plain tenant name passes: a GUID
// or a domain. The multi-tenant aliases are refused: client credentials need a real tenant.
const TENANT = /^[0-9A-Za-z](?:[0-9A-Za-z.-]{0,253}[0-9A-Za-z])?$/;
const ALIASES = new Set(['common', 'organizations', 'consumers']);

/** True for a tenant id or domain that may name an authority (`{authorityHost}/{tenant}`). */
export function isTenantId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    TENANT.test(value) &&
    !ALIASES.has(value.toLowerCase())
  );
}
