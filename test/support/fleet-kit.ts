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
import {
  FleetHealth,
  type FleetSnapshot,
} from '../../libs/calling-webhook/src/fleet/fleet-health.js';
import { freePort } from './free-port.js';
import type { HttpPlatform } from './http-adapters.js';
import { CapturedLogs, startWebhookApp } from './webhook-app.js';

/** A notification an instance's handlers ran. */
export interface HandledNotification {
  readonly callId: string;
  /** `{kind}:{changeType}`, e.g. `call:updated`. */
  readonly change: string;
  readonly messageId: string | undefined;
}

/** What one instance's handlers ran, in order; `failNext` makes the next ones throw. */
export class HandledLog {
  readonly handled: HandledNotification[] = [];
  failNext = 0;
  /** Each handler run first waits this long (a slow handler). */
  delayMs = 0;

  of(callId: string): HandledNotification[] {
    return this.handled.filter((h) => h.callId === callId);
  }
}

const HANDLED = Symbol('HandledLog');

@Injectable()
class RecordingHandler {
  constructor(@Inject(HANDLED) private readonly log: HandledLog) {}

  @OnCallNotification()
  async any(event: AnyCallNotificationEvent): Promise<void> {
    if (this.log.delayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.log.delayMs));
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

/** One instance of a fleet, in this process (its own Nest app and port). */
export interface FleetInstance {
  readonly id: string;
  readonly app: INestApplication<App>;
  /** `http://127.0.0.1:{port}`. */
  readonly url: string;
  /** Its webhook URL. */
  readonly webhook: string;
  readonly log: HandledLog;
  readonly logs: CapturedLogs;
  /** The fleet as its health indicator reads it. */
  fleet(): FleetSnapshot;
}

/** Starts an instance of a fleet (its `instanceUrl` is its own URL). */
export async function startFleetInstance(
  provider: LocalOpenIdProvider,
  fleet: Partial<FleetOptions> & Pick<FleetOptions, 'redis'>,
  options: {
    platform?: HttpPlatform;
    webhook?: Partial<CallingWebhookOptions>;
  } = {},
): Promise<FleetInstance> {
  const id = fleet.instanceId ?? `i-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = new HandledLog();
  const logs = new CapturedLogs();
  const app = await startWebhookApp(
    provider,
    {
      fleet: { leaseMs: 1_000, instanceUrl: url, ...fleet, instanceId: id },
      ...options.webhook,
    },
    logs,
    {
      platform: options.platform,
      port,
      providers: [RecordingHandler, { provide: HANDLED, useValue: log }],
    },
  );
  const health = app.get(FleetHealth);
  return {
    id,
    app,
    url,
    webhook: `${url}/api/calls`,
    log,
    logs,
    fleet: () => health.snapshot() as FleetSnapshot,
  };
}

/** A sender signing notifications with the provider's tokens, as the platform does. */
export function senderFor(provider: LocalOpenIdProvider): NotificationSender {
  return new NotificationSender(() => provider.mint());
}
