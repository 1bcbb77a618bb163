import type { CallNotificationEvent } from '../call-notification-event.interface.js';

/**
 * The key a notification is remembered by: the platform's message id (the same on a
 * redelivery), else the SHA-256 of the raw body it came in, and its position in `value[]`.
 * Prefixed with the tenant so that one tenant's ids never suppress another's in a shared store.
 * `undefined` when neither is known: the notification is then not deduplicated.
 */
export function duplicateKeyOf(
  event: CallNotificationEvent,
  bodyDigest: string | undefined,
): string | undefined {
  const { messageId } = event.headers;
  if (messageId) return `${event.tenantId}:${messageId}:${event.index}`;
  if (bodyDigest)
    return `${event.tenantId}:sha256:${bodyDigest}:${event.index}`;
  return undefined;
}
