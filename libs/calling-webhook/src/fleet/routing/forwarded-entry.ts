import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { NotificationBatch } from '../../events/dispatch/notification-batch.interface.js';
import type { CallNotificationHeaders } from '../../protocol/notification-headers.js';
import { parseGraphNotification } from '../../protocol/parse-graph-notification.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';

/** Notifications handed from one instance to another through the receiver's inbox stream. */
export interface ForwardedEntry {
  /** The instance waiting for the outcome (it answers the platform). */
  readonly from: string;
  /** Names the outcome the sender waits for. */
  readonly reply: string;
  /** What is left of the acknowledgement budget when it was sent, in milliseconds. */
  readonly budgetMs: number;
  /** How many instances handed it on already (a call changing hands meanwhile). */
  readonly hops: number;
  readonly notifications: readonly ParsedNotification[];
  readonly principal: CallingPrincipal;
  readonly headers: CallNotificationHeaders;
  readonly bodyDigest: string | undefined;
}

interface EncodedBatch {
  /** Each notification as it came, with its position in the delivery's `value[]`. */
  readonly n: readonly (readonly [number, unknown])[];
  readonly p: CallingPrincipal;
  readonly h: CallNotificationHeaders;
  readonly d?: string;
}

/** The stream fields of an entry (`XADD ... field value ...`). Holds no token: the principal is the verified claims. */
export function encodeEntry(entry: ForwardedEntry): string[] {
  const batch: EncodedBatch = {
    n: entry.notifications.map((n) => [n.index, n.item] as const),
    p: entry.principal,
    h: entry.headers,
    d: entry.bodyDigest,
  };
  return [
    'from',
    entry.from,
    'reply',
    entry.reply,
    'budget',
    String(Math.max(0, Math.round(entry.budgetMs))),
    'hops',
    String(entry.hops),
    'batch',
    JSON.stringify(batch),
  ];
}

/**
 * The entry of stream fields as Redis returns them (`[name, value, ...]`), or `undefined` when
 * they are not one (trimmed, or written by something else): such an entry is acknowledged and
 * dropped. The notifications are checked again by the one rule set, as they came.
 */
export function decodeEntry(
  fields: readonly string[] | null,
): ForwardedEntry | undefined {
  if (!fields) return undefined;
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2)
    values.set(fields[i], fields[i + 1]);
  const from = values.get('from');
  const reply = values.get('reply');
  const batchText = values.get('batch');
  if (!from || !reply || !batchText) return undefined;
  try {
    const batch = JSON.parse(batchText) as EncodedBatch;
    return {
      from,
      reply,
      budgetMs: Number(values.get('budget') ?? 0) || 0,
      hops: Number(values.get('hops') ?? 0) || 0,
      notifications: batch.n.map(([index, item]) =>
        parseGraphNotification(item, index),
      ),
      principal: batch.p,
      headers: batch.h,
      bodyDigest: batch.d,
    };
  } catch {
    return undefined;
  }
}

/** The batch an owner hands to its acknowledger (request-scoped handlers get a plain request: the headers). */
export function batchOf(entry: ForwardedEntry): NotificationBatch {
  return {
    notifications: entry.notifications,
    principal: entry.principal,
    headers: entry.headers,
    bodyDigest: entry.bodyDigest,
    scope: { headers: entry.headers.raw, forwardedFrom: entry.from },
  };
}
