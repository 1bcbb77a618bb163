import type { RegionResolverFunction } from './region-resolver.interface.js';

/**
 * A resolver that maps the tenant of the verified token (`tid`) to a region. Tenant ids are
 * compared case-insensitively (they are GUIDs); an unlisted tenant is handled here.
 */
export function byTenant(
  regionsByTenant: Readonly<Record<string, string>>,
): RegionResolverFunction {
  const regions = new Map(
    Object.entries(regionsByTenant).map(([tenant, region]) => [
      tenant.toLowerCase(),
      region,
    ]),
  );
  return ({ principal }) => regions.get(principal.tenantId.toLowerCase());
}
