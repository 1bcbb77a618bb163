import { createHash } from 'node:crypto';
import type { CallNotificationEvent } from '../call-notification-event.interface.js';

/**
 * The key a notification is remembered by: the platform's message id (the same on a redelivery)
 * and the item's position, else a SHA-256 of the item. Prefixed with the tenant so that one
 * tenant's ids never suppress another's in a shared store.
 */
export function duplicateKeyOf(event: CallNotificationEvent): string {
  const { messageId } = event.headers;
  if (messageId) return `${event.tenantId}:${messageId}:${event.index}`;
  const digest = createHash('sha256')
    .update(JSON.stringify(event.notification))
    .digest('base64url');
  return `${event.tenantId}:sha256:${digest}`;
}
