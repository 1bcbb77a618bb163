import type { GraphNotification } from './graph-notification.interface.js';
import type { NotificationBodyKind } from './notification-body-kind.js';

// Top-level fields of a legacy incoming `Conversation` (BotBuilder-V3 calling-api-reference).
const LEGACY_CONVERSATION_FIELDS = [
  'participants',
  'callState',
  'presentedModalityTypes',
  'isMultiparty',
] as const;

// The legacy id is only logged: keep it short and free of anything that could forge a log line.
const SAFE_LEGACY_ID = /^[\w.:@-]{1,128}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(reason: string): NotificationBodyKind {
  return { kind: 'invalid', reason };
}

/** Why a `value` item is not a notification, or `undefined` when it is one. */
function problemOf(item: unknown, index: number): string | undefined {
  if (!isRecord(item)) return `value[${index}] is not an object`;
  if (typeof item.changeType !== 'string') {
    return `value[${index}] has no changeType`;
  }
  if (
    typeof item.resourceUrl !== 'string' &&
    typeof item.resource !== 'string'
  ) {
    return `value[${index}] has no resourceUrl`;
  }
  return undefined;
}

function classifyGraph(value: unknown): NotificationBodyKind {
  if (!Array.isArray(value)) {
    return invalid('value must be an array of notifications');
  }
  for (const [index, item] of value.entries()) {
    const problem = problemOf(item, index);
    if (problem) return invalid(problem);
  }
  return { kind: 'graph', notifications: value as GraphNotification[] };
}

function isLegacy(body: Record<string, unknown>): boolean {
  if (LEGACY_CONVERSATION_FIELDS.some((field) => Object.hasOwn(body, field))) {
    return true;
  }
  // A `ConversationResult` callback: the outcome of a workflow action.
  return isRecord(body.operationOutcome);
}

/**
 * Tells a parsed webhook body apart: Graph (`value` array of notifications), legacy (the older
 * Skype bot calling protocol: an incoming `Conversation` or a `ConversationResult`), or neither.
 * Pure: looks only at the value it is given.
 */
export function classifyNotificationBody(body: unknown): NotificationBodyKind {
  if (!isRecord(body)) return invalid('the body must be a JSON object');
  if (Object.hasOwn(body, 'value')) return classifyGraph(body.value);
  if (!isLegacy(body)) {
    return invalid(
      'neither Graph notifications (value) nor a legacy conversation',
    );
  }
  const id = body.id;
  return typeof id === 'string' && SAFE_LEGACY_ID.test(id)
    ? { kind: 'legacy', legacyCallId: id }
    : { kind: 'legacy' };
}
