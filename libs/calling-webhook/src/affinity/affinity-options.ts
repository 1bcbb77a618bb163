import {
  isNonEmptyString,
  isRecord,
  oneOfProblems,
} from '../config/option-rules.js';
import { isBaseUrl, trimBaseUrl } from '../config/url-rules.js';
import type {
  AffinityOptions,
  AffinityRedirectStatus,
  PartitionOptions,
  RegionAffinityOptions,
} from './affinity-options.interface.js';
import type { RegionResolverOption } from './region-resolver.interface.js';

/** Partition ids appear in URL paths as they are: only unreserved characters. */
export const PARTITION_ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;

/** `302 Found` is what Microsoft's documentation asks for. */
export const DEFAULT_REDIRECT_STATUS: AffinityRedirectStatus = 302;

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
  readonly redirectStatus: AffinityRedirectStatus;
}

/** The affinity options with their defaults. */
export interface ResolvedAffinityOptions {
  /** Without trailing slash. */
  readonly publicUrl: string | undefined;
  readonly regionAffinity: ResolvedRegionAffinity | undefined;
  readonly partition: ResolvedPartition | undefined;
}

/** The injection token of the resolved affinity options. */
export const AFFINITY_OPTIONS = Symbol('CallingWebhookAffinityOptions');

const BASE_URL_RULE =
  'must be an absolute http(s) URL without query or fragment';

function urlMapProblems(name: string, value: unknown): string[] {
  if (!isRecord(value)) return [`${name} must be an object of base URLs`];
  return Object.entries(value)
    .filter(([, url]) => !isBaseUrl(url))
    .map(([key]) => `${name}.${key} ${BASE_URL_RULE}`);
}

function regionAffinityProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['regionAffinity must be an object'];
  const problems: string[] = [];
  if (!isNonEmptyString(value.currentRegion)) {
    problems.push('regionAffinity.currentRegion must name this deployment');
  }
  problems.push(
    ...urlMapProblems('regionAffinity.deployments', value.deployments),
  );
  if (value.resolver !== undefined && typeof value.resolver !== 'function') {
    problems.push(
      'regionAffinity.resolver must be a function or an injectable class',
    );
  }
  problems.push(
    ...oneOfProblems(
      'regionAffinity.redirectStatus',
      value.redirectStatus,
      [302, 307],
    ),
  );
  return problems;
}

function partitionProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['partition must be an object'];
  const problems: string[] = [];
  if (typeof value.id !== 'string' || !PARTITION_ID_PATTERN.test(value.id)) {
    problems.push(
      'partition.id must be 1 to 64 letters, digits or ._~- characters',
    );
  }
  if (!isBaseUrl(value.publicUrl)) {
    problems.push(`partition.publicUrl ${BASE_URL_RULE}`);
  }
  if (value.peers !== undefined) {
    problems.push(...urlMapProblems('partition.peers', value.peers));
    if (isRecord(value.peers)) {
      for (const id of Object.keys(value.peers)) {
        if (!PARTITION_ID_PATTERN.test(id)) {
          problems.push(
            `partition.peers: "${id.slice(0, 64)}" is not a valid partition id`,
          );
        }
      }
    }
  }
  problems.push(
    ...oneOfProblems(
      'partition.redirectStatus',
      value.redirectStatus,
      [302, 307],
    ),
  );
  return problems;
}

/** One line per mistake in `publicUrl`, `regionAffinity` and `partition`. */
export function affinityOptionProblems(
  options: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  if (options.publicUrl !== undefined && !isBaseUrl(options.publicUrl)) {
    problems.push(`publicUrl ${BASE_URL_RULE}`);
  }
  if (options.regionAffinity !== undefined) {
    problems.push(...regionAffinityProblems(options.regionAffinity));
  }
  if (options.partition !== undefined) {
    problems.push(...partitionProblems(options.partition));
  }
  return problems;
}

function urlMap(
  entries: Record<string, string> | undefined,
): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(entries ?? {}).map(([key, url]) => [key, trimBaseUrl(url)]),
  );
}

function resolveRegionAffinity(
  options: RegionAffinityOptions | undefined,
): ResolvedRegionAffinity | undefined {
  if (!options) return undefined;
  return {
    currentRegion: options.currentRegion,
    deployments: urlMap(options.deployments),
    resolver: options.resolver,
    redirectStatus: options.redirectStatus ?? DEFAULT_REDIRECT_STATUS,
  };
}

function resolvePartition(
  options: PartitionOptions | undefined,
): ResolvedPartition | undefined {
  if (!options) return undefined;
  return {
    id: options.id,
    publicUrl: trimBaseUrl(options.publicUrl),
    peers: urlMap(options.peers),
    redirectStatus: options.redirectStatus ?? DEFAULT_REDIRECT_STATUS,
  };
}

/** The affinity options with their defaults (call after `affinityOptionProblems` found none). */
export function resolveAffinityOptions(
  options: AffinityOptions,
): ResolvedAffinityOptions {
  return {
    publicUrl:
      options.publicUrl === undefined
        ? undefined
        : trimBaseUrl(options.publicUrl),
    regionAffinity: resolveRegionAffinity(options.regionAffinity),
    partition: resolvePartition(options.partition),
  };
}
