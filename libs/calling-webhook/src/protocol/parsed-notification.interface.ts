import type { GraphNotification } from './graph-notification.interface.js';

/**
 * One notification after the protocol step: checked once, its call id and resource path read.
 * Every step after it and the events read this; nothing checks the body again.
 */
export interface ParsedNotification {
  /** The position of the notification in `value[]`. */
  readonly index: number;
  /** `created`, `updated` or `deleted`, lower-cased whatever case it came in. */
  readonly changeType: string;
  /** The resource URL the call id was read from, with a leading `/`. */
  readonly resourceUrl: string;
  /** The call the notification is about. */
  readonly callId: string;
  /** The path under `calls/{id}`, without slashes around it: `participants`, `operations/{id}`, `''`. */
  readonly resourcePath: string;
  /** `resourceData`: an object, an array (rosters) or `undefined` (absent or `null`). */
  readonly resourceData: object | undefined;
  /** The item as it came. */
  readonly item: GraphNotification;
}
