import type { ParsedNotification } from './parsed-notification.interface.js';

/** What a webhook body is: Graph notifications, a legacy (Skype bot calling) body, or neither. */
export type NotificationBodyKind =
  | {
      readonly kind: 'graph';
      /** The items of `value` (possibly none), each checked and parsed. */
      readonly notifications: readonly ParsedNotification[];
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
    }
  | {
      readonly kind: 'tooMany';
      /** How many notifications `value` holds. */
      readonly count: number;
    };
