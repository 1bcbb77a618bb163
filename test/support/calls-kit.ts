import {
  Inject,
  Injectable,
  type INestApplication,
  type Provider,
} from '@nestjs/common';
import {
  CallControl,
  CallRegistry,
  OnCallEstablished,
  OnCallNotification,
  OnCallStateChanged,
  OnCallTerminated,
  OnIncomingCall,
  OnOperationCompleted,
  OnParticipantsUpdated,
  OnToneReceived,
  type AnyCallNotificationEvent,
  type CallingWebhookOptions,
  type IncomingCallEvent,
} from 'nestjs-calling-webhook';
import {
  LocalCallingPlatform,
  type LocalCallingPlatformOptions,
  type OutboundCall,
} from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { freePort } from './free-port.js';
import type { HttpPlatform } from './http-adapters.js';
import { CapturedLogs, startWebhookApp } from './webhook-app.js';

/** Which decorator ran for which event, in the order they ran. */
@Injectable()
export class LifecycleLog {
  readonly runs: { handler: string; event: AnyCallNotificationEvent }[] = [];

  /** The handlers that ran for a call (matched by the event's call id). */
  of(callId: string): string[] {
    return this.runs
      .filter((r) => r.event.callId === callId)
      .map((r) => r.handler);
  }

  count(callId: string, handler: string): number {
    return this.of(callId).filter((h) => h === handler).length;
  }
}

/** One method per decorator, each writing what it saw to the `LifecycleLog`. */
@Injectable()
export class LifecycleHandlers {
  constructor(@Inject(LifecycleLog) private readonly log: LifecycleLog) {}

  @OnIncomingCall()
  incoming(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'incoming', event });
  }

  @OnCallStateChanged()
  stateChanged(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'stateChanged', event });
  }

  @OnCallEstablished()
  established(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'established', event });
  }

  @OnCallTerminated()
  terminated(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'terminated', event });
  }

  @OnParticipantsUpdated()
  participants(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'participants', event });
  }

  @OnOperationCompleted()
  operation(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'operation', event });
  }

  @OnToneReceived()
  tone(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'tone', event });
  }

  @OnCallNotification()
  any(event: AnyCallNotificationEvent): void {
    this.log.runs.push({ handler: 'any', event });
  }
}

/** Answers every incoming call with audio. */
@Injectable()
export class Answerer {
  constructor(private readonly calls: CallControl) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
  }
}

/** A bot in this process against a local calling platform. */
export interface CallsBot {
  readonly platform: LocalCallingPlatform;
  readonly app: INestApplication<App>;
  readonly calls: CallControl;
  readonly registry: CallRegistry;
  readonly log: LifecycleLog;
  readonly logs: CapturedLogs;
  /** The bot's webhook URL. */
  readonly target: string;
  close(): Promise<void>;
}

/**
 * Starts a local calling platform and a bot on `httpPlatform` configured against it (its
 * `publicUrl` on a known port, so that placed calls have a callbackUri), with the lifecycle
 * handlers, an answerer unless `answer: false`, and `providers`.
 */
export async function startCallsBot(
  httpPlatform: HttpPlatform,
  options: Partial<CallingWebhookOptions> = {},
  setup: {
    readonly providers?: Provider[];
    readonly answer?: boolean;
    readonly platform?: LocalCallingPlatformOptions;
  } = {},
): Promise<CallsBot> {
  const platform = await LocalCallingPlatform.start({
    timeoutMs: 10_000,
    ...setup.platform,
  });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const logs = new CapturedLogs();
  const app = await startWebhookApp(
    platform.openId,
    {
      ...platform.webhookOptions(),
      publicUrl,
      graphRetry: { maxAttempts: 1 },
      ...options,
    },
    logs,
    {
      platform: httpPlatform,
      port,
      providers: [
        LifecycleLog,
        LifecycleHandlers,
        ...(setup.answer === false ? [] : [Answerer]),
        ...(setup.providers ?? []),
      ],
    },
  );
  return {
    platform,
    app,
    calls: app.get(CallControl),
    registry: app.get(CallRegistry),
    log: app.get(LifecycleLog),
    logs,
    target: `${publicUrl}/api/calls`,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}

/** The bot places a call to a Teams user; gives its id and the platform's side of it. */
export async function placeCallToUser(
  bot: CallsBot,
): Promise<{ callId: string; call: OutboundCall }> {
  const next = bot.platform.nextOutboundCall();
  const created = await bot.calls.create({
    tenantId: bot.platform.tenantId,
    targets: [
      { identity: { user: { id: 'b5a3a4d0-4a2c-4d4c-9c1f-2d9f1b7e6a11' } } },
    ],
  });
  return { callId: created.callId, call: await next };
}
