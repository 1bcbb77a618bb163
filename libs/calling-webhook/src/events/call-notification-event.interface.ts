import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import type { CallNotificationHeaders } from '../protocol/notification-headers.js';

/** What a notification is about, read from its resource URL and data. */
export type CallResourceKind = 'call' | 'participants' | 'operation' | 'other';

/** One item of `value[]` as it came, untouched. */
export type RawCommsNotification = Readonly<Record<string, unknown>>;

/**
 * One notification (one item of `value[]`) as an event. Every decorator's event has these
 * fields; the catch-all `@OnCallNotification()` gets exactly this.
 */
export interface CallNotificationEvent<TResource = unknown> {
  /** What the notification is about: a call, its roster, one of its operations, or something else. */
  readonly kind: CallResourceKind;
  /** The call the notification is about (from `resourceUrl`, else the older `resource`). */
  readonly callId: string;
  /** The tenant of the call, from the verified token (`tid`). */
  readonly tenantId: string;
  /** `created`, `updated` or `deleted`, lower-cased whatever case it came in. */
  readonly changeType: string;
  /** The resource path, with a leading `/` (`/communications/calls/{id}/...`). */
  readonly resourceUrl: string;
  /** The resource's `@odata.type` (for a roster, its first item's), e.g. `#microsoft.graph.call`. */
  readonly odataType: string | undefined;
  /** `resourceData`: an object, an array (rosters) or `undefined`; enum casing normalised. */
  readonly resource: TResource;
  /** The position of the notification in `value[]`. */
  readonly index: number;
  /** The notification as it came. */
  readonly notification: RawCommsNotification;
  /** The platform's request headers. */
  readonly headers: CallNotificationHeaders;
  /** Who sent it, as proven by its token. */
  readonly principal: CallingPrincipal;
}
