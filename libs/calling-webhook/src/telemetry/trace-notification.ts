import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { ParsedNotification } from '../protocol/parsed-notification.interface.js';
import {
  bindNotificationTrace,
  notificationTraceOf,
} from './request-notification-trace.js';
import { notificationChannel } from './telemetry-channels.js';
import type { NotificationTraceMessage } from './telemetry-messages.interface.js';
import { traced } from './traced.js';

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

/**
 * Runs `work` (which goes on to answer `request`) as the notification trace of the request,
 * ended when `response` is closed, whoever wrote the answer. The first entry of a request that
 * gets here starts the trace (the `Expect: 100-continue` check, Fastify's `onRequest` hook, or
 * the pipeline on Express); the later ones find it started and just run. `work` runs inside the
 * trace, so what it starts (handlers, Graph requests) is a child of it.
 */
export function traceWebhookRequest(
  request: IncomingMessage,
  response: ServerResponse,
  work: () => void,
): void {
  if (!notificationChannel.hasSubscribers || notificationTraceOf(request)) {
    work();
    return;
  }
  const message: NotificationTraceMessage = {};
  bindNotificationTrace(request, message);
  void traceNotification(
    message,
    () =>
      new Promise<void>((resolve) => {
        // 'close' comes after the answer was sent, and also when the platform hung up first.
        response.once('close', () => {
          message.status = response.statusCode;
          resolve();
        });
        work();
      }),
  );
}

/** Records what a Graph body is about: the first notification's call, change and resource. */
export function describeGraphNotifications(
  request: IncomingMessage,
  notifications: readonly ParsedNotification[],
): void {
  const message = notificationTraceOf(request);
  if (!message) return;
  message.protocol = 'graph';
  message.notificationCount = notifications.length;
  const first = notifications[0];
  if (!first) return;
  message.changeType = first.changeType;
  message.callId = first.callId;
  message.resourceKind = resourceKindOf(first.resourcePath);
}

/** Records a legacy body (answered 204): its call id when it names one. */
export function describeLegacyNotification(
  request: IncomingMessage,
  callId: string | undefined,
): void {
  const message = notificationTraceOf(request);
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
