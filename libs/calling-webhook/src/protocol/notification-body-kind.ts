import type { GraphNotification } from './graph-notification.interface.js';

/** What a webhook body is: Graph notifications, a legacy (Skype bot calling) body, or neither. */
export type NotificationBodyKind =
  | {
      readonly kind: 'graph';
      /** The items of `value` (possibly none). */
      readonly notifications: readonly GraphNotification[];
    }
  | {
      readonly kind: 'legacy';
      /** The legacy conversation id (`id`), when the body has a usable one. */
      readonly legacyCallId?: string;
    }
  | {
      readonly kind: 'invalid';
      /** A short reason, safe to send back in a `400`. */
      readonly reason: string;
    };
