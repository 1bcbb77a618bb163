import { hostname } from 'node:os';
import {
  isRecord,
  oneOfProblems,
  wholeNumberProblems,
} from '../config/option-rules.js';
import { isBaseUrl, parseUrl, trimBaseUrl } from '../config/url-rules.js';
import type {
  FleetOptions,
  FleetRouting,
  IoRedisClient,
} from './fleet-options.interface.js';

/** The fleet options with their defaults; `undefined` when the app runs alone. */
export interface ResolvedFleetOptions {
  readonly redis: IoRedisClient | string;
  readonly instanceId: string;
  /** Without trailing slash. */
  readonly instanceUrl: string | undefined;
  readonly routing: FleetRouting;
  readonly leaseMs: number;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
}

/** The injection token of the resolved fleet options (`undefined` without `fleet`). */
export const FLEET_OPTIONS = Symbol('CallingWebhookFleetOptions');

export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_KEY_PREFIX = 'calling-webhook:';
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;

// Instance ids go into Redis keys, channel names and log lines as they are.
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
// Braces would make a hash tag of the prefix and put every key in one Cluster slot.
const KEY_PREFIX_PATTERN = /^[^{}\s]{0,100}$/;

/** True for an ioredis client (a `Redis` or a `Cluster`): what `fleet.redis` may be besides a URL. */
export function isRedisClient(value: unknown): value is IoRedisClient {
  return (
    isRecord(value) &&
    typeof value.duplicate === 'function' &&
    typeof value.quit === 'function' &&
    typeof value.status === 'string'
  );
}

function isRedisUrl(value: unknown): value is string {
  const url = parseUrl(value);
  return url?.protocol === 'redis:' || url?.protocol === 'rediss:';
}

/** `{host name}-{process id}`, made fit for an instance id. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}`
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .slice(-100);
}

function fleetProblems(fleet: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!isRedisClient(fleet.redis) && !isRedisUrl(fleet.redis))
    problems.push(
      'fleet.redis must be an ioredis client or a redis:// (rediss://) URL',
    );
  if (
    fleet.instanceId !== undefined &&
    (typeof fleet.instanceId !== 'string' ||
      !INSTANCE_ID_PATTERN.test(fleet.instanceId))
  )
    problems.push(
      'fleet.instanceId must be 1 to 100 letters, digits or ._:- characters',
    );
  if (fleet.instanceUrl !== undefined && !isBaseUrl(fleet.instanceUrl))
    problems.push(
      'fleet.instanceUrl must be an absolute http(s) URL without query or fragment',
    );
  problems.push(
    ...oneOfProblems('fleet.routing', fleet.routing, ['forward', 'redirect']),
  );
  if (fleet.routing === 'redirect' && fleet.instanceUrl === undefined)
    problems.push(
      "fleet.instanceUrl is required by routing 'redirect': set it to this instance's own public URL",
    );
  problems.push(
    ...wholeNumberProblems('fleet.leaseMs', fleet.leaseMs, 1_000, 600_000),
  );
  if (
    fleet.keyPrefix !== undefined &&
    (typeof fleet.keyPrefix !== 'string' ||
      !KEY_PREFIX_PATTERN.test(fleet.keyPrefix))
  )
    problems.push(
      'fleet.keyPrefix must be at most 100 characters without braces or spaces',
    );
  problems.push(
    ...wholeNumberProblems(
      'fleet.commandTimeoutMs',
      fleet.commandTimeoutMs,
      10,
      10_000,
    ),
  );
  const leaseMs =
    typeof fleet.leaseMs === 'number' ? fleet.leaseMs : DEFAULT_LEASE_MS;
  // A renewal (every third of the lease) must be able to time out before the next one is due.
  if (
    typeof fleet.commandTimeoutMs === 'number' &&
    fleet.commandTimeoutMs * 3 > leaseMs
  )
    problems.push('fleet.commandTimeoutMs must be at most a third of leaseMs');
  return problems;
}

/** One line per mistake in `fleet`. */
export function fleetOptionProblems(options: {
  fleet?: unknown;
  partition?: unknown;
}): string[] {
  if (options.fleet === undefined) return [];
  if (!isRecord(options.fleet))
    return ['fleet must be an object such as { redis: "redis://..." }'];
  return [
    ...fleetProblems(options.fleet),
    ...(options.partition === undefined
      ? []
      : [
          "fleet and partition cannot be combined: fleet routing 'redirect' gives each instance its own callback URL",
        ]),
  ];
}

/** The fleet options with their defaults (call after `fleetOptionProblems` found none). */
export function resolveFleetOptions(options: {
  fleet?: FleetOptions;
}): ResolvedFleetOptions | undefined {
  const { fleet } = options;
  if (!fleet) return undefined;
  const leaseMs = fleet.leaseMs ?? DEFAULT_LEASE_MS;
  return {
    redis: fleet.redis,
    instanceId: fleet.instanceId ?? defaultInstanceId(),
    instanceUrl:
      fleet.instanceUrl === undefined
        ? undefined
        : trimBaseUrl(fleet.instanceUrl),
    routing: fleet.routing ?? 'forward',
    leaseMs,
    keyPrefix: fleet.keyPrefix ?? DEFAULT_KEY_PREFIX,
    commandTimeoutMs:
      fleet.commandTimeoutMs ??
      Math.min(DEFAULT_COMMAND_TIMEOUT_MS, Math.floor(leaseMs / 4)),
  };
}
