import type { GraphNotification } from './graph-notification.interface.js';

// Set by the protocol interceptor, read by the steps after it: each sees the classified body
// without classifying it again, and nothing is added to the request object itself.
const notificationsByRequest = new WeakMap<
  object,
  readonly GraphNotification[]
>();

/** Records the Graph notifications of a request (done once, by the protocol interceptor). */
export function setRequestNotifications(
  request: object,
  notifications: readonly GraphNotification[],
): void {
  notificationsByRequest.set(request, notifications);
}

/** The Graph notifications of a request that passed the protocol interceptor, else `undefined`. */
export function getRequestNotifications(
  request: object,
): readonly GraphNotification[] | undefined {
  return notificationsByRequest.get(request);
}
