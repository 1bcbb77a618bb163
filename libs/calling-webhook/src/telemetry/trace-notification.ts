import { HttpException } from '@nestjs/common';
import { readResourcePath } from '../events/parsing/resource-path.js';
import type { GraphNotification } from '../protocol/graph-notification.interface.js';
import { notificationChannel } from './telemetry-channels.js';
import type { NotificationTraceMessage } from './telemetry-messages.interface.js';
import { traced } from './traced.js';

/** Whether anything listens to notifications (else the pipeline may skip making a message). */
export function isNotificationTraced(): boolean {
  return notificationChannel.hasSubscribers;
}

/**
 * Traces one webhook request. `work` is everything from the token check to the answer; it sets
 * `message.status` to the status answered before it settles (a thrown error gets
 * `answerStatusOf(error)` when it set none), and the steps fill in what they learn
 * (`describeGraphNotifications`, `describeLegacyNotification`).
 */
export function traceNotification<T>(
  message: NotificationTraceMessage,
  work: () => Promise<T>,
): Promise<T> {
  return traced(
    notificationChannel,
    () => message,
    async () => {
      try {
        return await work();
      } catch (error) {
        message.status ??= answerStatusOf(error);
        throw error;
      }
    },
  );
}

/** Records what a Graph body is about: the first notification's call, change and resource. */
export function describeGraphNotifications(
  message: NotificationTraceMessage | undefined,
  notifications: readonly GraphNotification[],
): void {
  if (!message) return;
  message.protocol = 'graph';
  message.notificationCount = notifications.length;
  const first = notifications[0];
  if (!first) return;
  if (typeof first.changeType === 'string')
    message.changeType = first.changeType.toLowerCase();
  const path = readResourcePath(first.resourceUrl ?? first.resource ?? '');
  message.callId = path?.callId;
  message.resourceKind = resourceKindOf(path?.under);
}

/** Records a legacy body (answered 204): its call id when it names one. */
export function describeLegacyNotification(
  message: NotificationTraceMessage | undefined,
  callId: string | undefined,
): void {
  if (!message) return;
  message.protocol = 'legacy';
  message.callId = callId;
}

/** The status Nest answers for a thrown error: an `HttpException`'s own, else 500. */
export function answerStatusOf(error: unknown): number {
  return error instanceof HttpException ? error.getStatus() : 500;
}

function resourceKindOf(
  under: string | undefined,
): NotificationTraceMessage['resourceKind'] {
  if (under === undefined) return 'other';
  if (under === '') return 'call';
  const head = under.split('/')[0].toLowerCase();
  if (head === 'participants') return 'participants';
  if (head === 'operations') return 'operation';
  return 'other';
}
