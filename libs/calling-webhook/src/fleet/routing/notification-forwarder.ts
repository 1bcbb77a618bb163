import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { CallNotificationHeaders } from '../../protocol/notification-headers.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';
import {
  ACKNOWLEDGEMENT_OPTIONS,
  type ResolvedAcknowledgementOptions,
} from '../../webhook/acknowledgement/acknowledgement-options.js';
import {
  BUDGET_PASSED,
  remainingMs,
  withinBudget,
} from '../../webhook/acknowledgement/within-budget.js';
import {
  refusal,
  type WebhookAnswer,
} from '../../webhook/pipeline/webhook-answer.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FleetKeys } from '../fleet-keys.js';
import { FleetMembership } from '../membership/fleet-membership.service.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import { encodeEntry, type ForwardedEntry } from './forwarded-entry.js';

/** The owner's inbox no longer exists: the notification was not handed over. */
export class InboxGoneError extends Error {
  constructor(instanceId: string) {
    super(`the inbox of ${instanceId} is gone`);
    this.name = 'InboxGoneError';
  }
}

const ACCEPTED: WebhookAnswer = { status: 202 };
// Trimmed approximately (cheap); far more than an owner ever has waiting.
const INBOX_MAX_LENGTH = 100_000;

/** What is handed to an owner. */
export interface Handover {
  readonly notifications: readonly ParsedNotification[];
  readonly principal: CallingPrincipal;
  readonly headers: CallNotificationHeaders;
  readonly bodyDigest: string | undefined;
}

/**
 * Hands notifications to their call's owner (forward routing): an entry in the owner's inbox
 * stream, then the owner's outcome, published on this instance's outcome channel, is the answer
 * to the platform. Past the acknowledgement budget the answer is `202`: the entry is durable in
 * the owner's stream (and taken over with it if the owner dies), so nothing acknowledged is lost.
 */
@Injectable()
export class NotificationForwarder {
  private readonly logger = new Logger('CallingFleet');
  private readonly waiting = new Map<string, (status: number) => void>();

  constructor(
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
    private readonly membership: FleetMembership,
    @Inject(ACKNOWLEDGEMENT_OPTIONS)
    private readonly acknowledgement: ResolvedAcknowledgementOptions,
  ) {}

  /** Listens for the outcomes of what this instance hands over. */
  start(): void {
    const channel = this.keys.outcomes(this.membership.instanceId);
    this.redis.subscriber.on('message', (from: string, message: string) => {
      if (from === channel) this.settle(message);
    });
    // Queued by the subscriber connection until Redis answers; replayed when it reconnects.
    void this.redis.subscriber.subscribe(channel).catch((error: unknown) => {
      this.logger.warn(
        `Could not listen for forwarded outcomes: ${String(error)}`,
      );
    });
  }

  /**
   * Hands `handover` to `instanceId` and resolves with its answer (by `deadline`, a
   * `performance.now()` time, else `202`). Rejects when the entry could not be written (Redis
   * unreachable): nothing was handed over then, the caller handles the notifications itself.
   */
  async forward(
    instanceId: string,
    handover: Handover,
    deadline: number,
  ): Promise<WebhookAnswer> {
    const reply = randomUUID();
    const outcome = new Promise<number>((resolve) =>
      this.waiting.set(reply, resolve),
    );
    try {
      await this.post(instanceId, {
        ...handover,
        from: this.membership.instanceId,
        reply,
        // What is left when it is written: the owner's handlers get that, not a budget of their own.
        budgetMs: remainingMs(deadline),
        hops: 0,
      });
    } catch (error) {
      this.waiting.delete(reply);
      throw error;
    }
    if (this.acknowledgement.acknowledge === 'immediately') {
      this.waiting.delete(reply);
      return ACCEPTED;
    }
    const status = await withinBudget(outcome, remainingMs(deadline));
    this.waiting.delete(reply);
    if (status === BUDGET_PASSED || status < 300) return ACCEPTED;
    return refusal(
      status,
      'A call event handler failed; the platform will retry the notification',
    );
  }

  /**
   * Writes an entry to `instanceId`'s inbox (a first handover, or one handed on). Rejects when
   * the inbox is gone (its instance died and was cleaned up meanwhile): nothing was written.
   */
  async post(instanceId: string, entry: ForwardedEntry): Promise<void> {
    // Outside `run`: an entry that cannot be serialised is this entry's failure (thrown), never
    // Redis being unreachable.
    const fields = encodeEntry(entry);
    const id = await this.redis.run((r) =>
      r.xadd(
        this.keys.inbox(instanceId),
        // An inbox removed after its instance died is not made again, with no reader.
        'NOMKSTREAM',
        'MAXLEN',
        '~',
        INBOX_MAX_LENGTH,
        '*',
        ...fields,
      ),
    );
    if (id === null) throw new InboxGoneError(instanceId);
  }

  /** Publishes an owner's answer to the instance waiting for it. */
  async publishOutcome(entry: ForwardedEntry, status: number): Promise<void> {
    await this.redis.run((r) =>
      r.publish(this.keys.outcomes(entry.from), `${entry.reply} ${status}`),
    );
  }

  private settle(message: string): void {
    const at = message.indexOf(' ');
    const resolve = this.waiting.get(message.slice(0, at));
    if (resolve) resolve(Number(message.slice(at + 1)));
  }
}
