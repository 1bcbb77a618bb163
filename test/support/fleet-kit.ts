import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import {
  OnCallNotification,
  type AnyCallNotificationEvent,
  type CallingWebhookOptions,
  type FleetOptions,
} from 'nestjs-calling-webhook';
import {
  NotificationSender,
  type LocalOpenIdProvider,
} from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import type { HttpPlatform } from './http-adapters.js';
import { CapturedLogs, startWebhookApp } from './webhook-app.js';

/** What one instance's handlers ran: the call, the change, the message id, in order. */
export class HandledLog {
  readonly handled: {
    callId: string;
    change: string;
    messageId: string | undefined;
  }[] = [];
  failNext = 0;
}

const HANDLED = Symbol('HandledLog');

@Injectable()
class RecordingHandler {
  constructor(@Inject(HANDLED) private readonly log: HandledLog) {}

  @OnCallNotification()
  any(event: AnyCallNotificationEvent): void {
    if (this.log.failNext > 0) {
      this.log.failNext--;
      throw new Error('the handler failed on purpose');
    }
    this.log.handled.push({
      callId: event.callId,
      change: `${event.kind}:${event.changeType}`,
      messageId: event.headers.messageId,
    });
  }
}

/** One instance of a fleet, in this process. */
export interface FleetInstance {
  readonly id: string;
  readonly app: INestApplication<App>;
  readonly url: string;
  readonly log: HandledLog;
  readonly logs: CapturedLogs;
}

/** Starts an instance of a fleet on `redisUrl` (its own Nest app on a free port). */
export async function startFleetInstance(
  provider: LocalOpenIdProvider,
  fleet: Partial<FleetOptions> & Pick<FleetOptions, 'redis'>,
  options: {
    platform?: HttpPlatform;
    webhook?: Partial<CallingWebhookOptions>;
  } = {},
): Promise<FleetInstance> {
  const id = fleet.instanceId ?? `i-${randomUUID().slice(0, 8)}`;
  const log = new HandledLog();
  const logs = new CapturedLogs();
  const app = await startWebhookApp(
    provider,
    {
      fleet: { leaseMs: 1_000, ...fleet, instanceId: id },
      ...options.webhook,
    },
    logs,
    {
      platform: options.platform,
      providers: [RecordingHandler, { provide: HANDLED, useValue: log }],
    },
  );
  return { id, app, url: await app.getUrl(), log, logs };
}

/** A sender signing notifications with the provider's tokens. */
export function senderFor(provider: LocalOpenIdProvider): NotificationSender {
  return new NotificationSender(() => provider.mint());
}
