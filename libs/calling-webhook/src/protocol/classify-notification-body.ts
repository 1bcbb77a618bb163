import { isRecord } from '../config/option-rules.js';
import type { NotificationBodyKind } from './notification-body-kind.js';
import {
  InvalidNotificationError,
  parseGraphNotification,
} from './parse-graph-notification.js';
import type { ParsedNotification } from './parsed-notification.interface.js';

// Top-level fields of a legacy incoming `Conversation` (BotBuilder-V3 calling-api-reference).
const LEGACY_CONVERSATION_FIELDS = [
  'participants',
  'callState',
  'presentedModalityTypes',
  'isMultiparty',
] as const;

// The legacy id is only logged: keep it short and free of anything that could forge a log line.
const SAFE_LEGACY_ID = /^[\w.:@-]{1,128}$/;

function classifyGraph(
  value: unknown,
  maxNotifications: number,
): NotificationBodyKind {
  if (!Array.isArray(value)) {
    return {
      kind: 'invalid',
      reason: 'value must be an array of notifications',
    };
  }
  // Checked before any item is looked at: a body of 100,000 tiny items must cost nothing more.
  if (value.length > maxNotifications) {
    return { kind: 'tooMany', count: value.length };
  }
  const notifications: ParsedNotification[] = [];
  try {
    for (let index = 0; index < value.length; index++) {
      notifications.push(parseGraphNotification(value[index], index));
    }
  } catch (error) {
    if (error instanceof InvalidNotificationError) {
      return { kind: 'invalid', reason: error.reason };
    }
    throw error;
  }
  return { kind: 'graph', notifications };
}

function isLegacy(body: Record<string, unknown>): boolean {
  if (LEGACY_CONVERSATION_FIELDS.some((field) => Object.hasOwn(body, field))) {
    return true;
  }
  // A `ConversationResult` callback: the outcome of a workflow action.
  return isRecord(body.operationOutcome);
}

/**
 * Tells a parsed webhook body apart and, for Graph, checks and parses every notification: Graph
 * (`value` array), legacy (the older Skype bot calling protocol: an incoming `Conversation` or a
 * `ConversationResult`), neither, or more notifications than `maxNotifications`. Pure: looks only
 * at the value it is given. This is the only place a body's shape is checked.
 */
export function classifyNotificationBody(
  body: unknown,
  maxNotifications = Number.POSITIVE_INFINITY,
): NotificationBodyKind {
  if (!isRecord(body)) {
    return { kind: 'invalid', reason: 'the body must be a JSON object' };
  }
  if (Object.hasOwn(body, 'value')) {
    return classifyGraph(body.value, maxNotifications);
  }
  if (!isLegacy(body)) {
    return {
      kind: 'invalid',
      reason: 'neither Graph notifications (value) nor a legacy conversation',
    };
  }
  const id = body.id;
  return typeof id === 'string' && SAFE_LEGACY_ID.test(id)
    ? { kind: 'legacy', legacyCallId: id }
    : { kind: 'legacy' };
}
