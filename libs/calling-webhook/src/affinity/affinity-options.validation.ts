import { isBaseUrl, PARTITION_ID_PATTERN } from './base-url.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function urlMapProblems(name: string, value: unknown): string[] {
  if (!isRecord(value)) return [`${name} must be an object of base URLs`];
  return Object.entries(value)
    .filter(([, url]) => !isBaseUrl(url))
    .map(
      ([key]) =>
        `${name}.${key} must be an absolute http(s) URL without query or fragment`,
    );
}

function regionAffinityProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['regionAffinity must be an object'];
  const problems: string[] = [];
  if (!isName(value.currentRegion)) {
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
  if (
    value.redirectStatus !== undefined &&
    value.redirectStatus !== 302 &&
    value.redirectStatus !== 307
  ) {
    problems.push('regionAffinity.redirectStatus must be 302 or 307');
  }
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
    problems.push(
      'partition.publicUrl must be an absolute http(s) URL without query or fragment',
    );
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
  return problems;
}

/** Checks `publicUrl`, `regionAffinity` and `partition`; one readable line per problem. */
export function affinityOptionProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (raw.publicUrl !== undefined && !isBaseUrl(raw.publicUrl)) {
    problems.push(
      'publicUrl must be an absolute http(s) URL without query or fragment',
    );
  }
  if (raw.regionAffinity !== undefined) {
    problems.push(...regionAffinityProblems(raw.regionAffinity));
  }
  if (raw.partition !== undefined) {
    problems.push(...partitionProblems(raw.partition));
  }
  return problems;
}
