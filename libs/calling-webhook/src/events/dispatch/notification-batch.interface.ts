import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { CallNotificationHeaders } from '../../protocol/notification-headers.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';

/** The notifications of one delivery, with what the events need to know about it. */
export interface NotificationBatch {
  readonly notifications: readonly ParsedNotification[];
  /** Who sent them, as proven by the token. */
  readonly principal: CallingPrincipal;
  /** The platform's headers of the delivery. */
  readonly headers: CallNotificationHeaders;
  /** SHA-256 of the raw body: the duplicate key when the platform sent no message id. */
  readonly bodyDigest: string | undefined;
  /**
   * The object request-scoped and transient handler providers are resolved for (`REQUEST`):
   * the framework's request of the delivery.
   */
  readonly scope: object;
}
