import { isRecord } from '../config/option-rules.js';
import { isCallId } from './call-id.js';
import type { GraphNotification } from './graph-notification.interface.js';
import { isNestedDeeperThan, MAX_NOTIFICATION_DEPTH } from './nesting-depth.js';
import type { ParsedNotification } from './parsed-notification.interface.js';
import { readResourcePath, withLeadingSlash } from './resource-path.js';

/** A notification item that is not one; `reason` is short and safe to answer with. */
export class InvalidNotificationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidNotificationError';
  }
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Why the item's fields break the envelope rules, or `undefined` when they keep them. */
function envelopeProblem(item: Record<string, unknown>): string | undefined {
  const { changeType, resourceUrl, resource, resourceData } = item;
  if (!nonEmptyString(changeType))
    return 'changeType must be a non-empty string';
  // Newer items carry `resourceUrl`, older ones only `resource`, some both: one is enough, and
  // each that is present must be a string.
  if (resourceUrl != null && !nonEmptyString(resourceUrl))
    return 'resourceUrl must be a non-empty string';
  if (resource != null && !nonEmptyString(resource))
    return 'resource must be a non-empty string';
  if (resourceUrl == null && resource == null)
    return 'resourceUrl (or the older resource) is required';
  if (resourceData != null && typeof resourceData !== 'object')
    return 'resourceData must be an object or an array';
  return undefined;
}

/**
 * Checks one item of `value[]` and reads where it points: the one rule set of the webhook.
 * Tolerant of what real traffic shows (see the fixtures): enum casing, `resourceUrl` without `/`,
 * only the older `resource`, absent or array data. Throws `InvalidNotificationError`.
 */
export function parseGraphNotification(
  item: unknown,
  index: number,
): ParsedNotification {
  if (!isRecord(item))
    throw new InvalidNotificationError(`value[${index}] must be an object`);
  const problem = envelopeProblem(item);
  if (problem)
    throw new InvalidNotificationError(`value[${index}]: ${problem}`);
  if (isNestedDeeperThan(item, MAX_NOTIFICATION_DEPTH))
    throw new InvalidNotificationError(
      `value[${index}] is nested deeper than ${MAX_NOTIFICATION_DEPTH} levels`,
    );
  const notification = item as GraphNotification;
  // Either field may name the call; the first that does wins.
  for (const url of [notification.resourceUrl, notification.resource]) {
    const path =
      url === undefined || url === null ? undefined : readResourcePath(url);
    if (path === undefined) continue;
    // The id goes into Graph request paths and log lines: only Graph's own form passes.
    if (!isCallId(path.callId)) {
      throw new InvalidNotificationError(
        `value[${index}]: resourceUrl names a call id that is not one (letters, digits, - and _)`,
      );
    }
    return {
      index,
      changeType: (notification.changeType as string).toLowerCase(),
      resourceUrl: withLeadingSlash(url as string),
      callId: path.callId,
      resourcePath: path.under,
      resourceData: (notification.resourceData ?? undefined) as
        object | undefined,
      item: notification,
    };
  }
  throw new InvalidNotificationError(
    `value[${index}]: resourceUrl names no call (expected .../calls/{id})`,
  );
}
