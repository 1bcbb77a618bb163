import type {
  AffinityRedirectStatus,
  PartitionOptions,
  RegionAffinityOptions,
} from './affinity-options.interface.js';
import { trimBaseUrl } from './base-url.js';
import type { RegionResolverOption } from './region-resolver.interface.js';

/** Region affinity after validation: base URLs trimmed, defaults applied. */
export interface ResolvedRegionAffinity {
  readonly currentRegion: string;
  readonly deployments: ReadonlyMap<string, string>;
  readonly resolver: RegionResolverOption | undefined;
  readonly redirectStatus: AffinityRedirectStatus;
}

/** The partition of this instance after validation. */
export interface ResolvedPartition {
  readonly id: string;
  readonly publicUrl: string;
  readonly peers: ReadonlyMap<string, string>;
}

function urlMap(
  entries: Record<string, string> | undefined,
): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(entries ?? {}).map(([key, url]) => [key, trimBaseUrl(url)]),
  );
}

/** Applies defaults to validated `regionAffinity` options. */
export function resolveRegionAffinity(
  options: RegionAffinityOptions | undefined,
): ResolvedRegionAffinity | undefined {
  if (!options) return undefined;
  return {
    currentRegion: options.currentRegion,
    deployments: urlMap(options.deployments),
    resolver: options.resolver,
    redirectStatus: options.redirectStatus ?? 302,
  };
}

/** Applies defaults to validated `partition` options. */
export function resolvePartition(
  options: PartitionOptions | undefined,
): ResolvedPartition | undefined {
  if (!options) return undefined;
  return {
    id: options.id,
    publicUrl: trimBaseUrl(options.publicUrl),
    peers: urlMap(options.peers),
  };
}
