import type { GraphNotification } from '../protocol/graph-notification.interface.js';
import type { RegionResolverFunction } from './region-resolver.interface.js';

function callerRegionOf(notification: GraphNotification): string | undefined {
  const call = notification.resourceData as
    { source?: { region?: unknown } } | undefined;
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    return undefined;
  }
  const region = call.source?.region;
  return typeof region === 'string' ? region : undefined;
}

/**
 * A resolver that maps the caller's region (`resourceData.source.region` of a call, e.g.
 * `westus`) to a deployment's region. Region names are compared case-insensitively; a
 * notification without a caller region, or an unlisted one, is handled here.
 */
export function byCallerRegion(
  regionsByCallerRegion: Readonly<Record<string, string>>,
): RegionResolverFunction {
  const regions = new Map(
    Object.entries(regionsByCallerRegion).map(([caller, region]) => [
      caller.toLowerCase(),
      region,
    ]),
  );
  return ({ notifications }) => {
    for (const notification of notifications) {
      const caller = callerRegionOf(notification);
      if (caller !== undefined) return regions.get(caller.toLowerCase());
    }
    return undefined;
  };
}
