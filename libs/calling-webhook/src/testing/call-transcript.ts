import type { DeliveryHop } from './notification-sender.js';

/** One POST the platform made to the bot (one hop: a redirect or a legacy 204 adds one). */
export interface NotificationTranscriptEntry {
  readonly kind: 'notification';
  /** Epoch milliseconds when it was sent. */
  readonly at: number;
  /** What the notification says, e.g. `incoming call`, `established`, `playPrompt completed`. */
  readonly what: string;
  readonly url: string;
  readonly format: 'legacy' | 'graph';
  /** The bot's answer; `0` when none came (see `error`). */
  readonly status: number;
  readonly location?: string;
  readonly error?: string;
  readonly durationMs: number;
}

/** One request the bot made to the platform's Graph API. */
export interface GraphTranscriptEntry {
  readonly kind: 'graph';
  readonly at: number;
  readonly method: string;
  /** Under the Graph base URL, e.g. `/communications/calls/{id}/answer`. */
  readonly path: string;
  /** `answer`, `playPrompt`, `delete`, ... */
  readonly action: string | undefined;
  /** What the platform answered. */
  readonly status: number;
}

/** A line of a call's transcript: a notification to the bot, or a Graph request of the bot. */
export type TranscriptEntry =
  NotificationTranscriptEntry | GraphTranscriptEntry;

/** The transcript entries of one delivery's hops. */
export function hopEntries(
  what: string,
  hops: readonly DeliveryHop[],
): NotificationTranscriptEntry[] {
  return hops.map((hop) => ({
    kind: 'notification',
    at: hop.startedAt,
    what: hop.format === 'legacy' ? `${what} (legacy)` : what,
    url: hop.url,
    format: hop.format,
    status: hop.status,
    location: hop.location,
    error: hop.error,
    durationMs: hop.durationMs,
  }));
}
