import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';

/**
 * True for a call's first notification: the call resource `created` (an incoming call). The
 * instance that receives it claims the call and, answering it, owns it.
 */
export function isFirstNotification(notification: ParsedNotification): boolean {
  return (
    notification.resourcePath === '' && notification.changeType === 'created'
  );
}

/** True for a notification that ends its call: the call resource `deleted`, or `terminated`. */
export function isLastNotification(notification: ParsedNotification): boolean {
  if (notification.resourcePath !== '') return false;
  if (notification.changeType === 'deleted') return true;
  const state = (notification.resourceData as { state?: unknown } | undefined)
    ?.state;
  return typeof state === 'string' && state.toLowerCase() === 'terminated';
}
