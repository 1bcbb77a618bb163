import { Inject, Injectable, Logger } from '@nestjs/common';
import { SingleFlight } from '../../concurrency/single-flight.js';
import { describeError } from '../../logging/describe-error.js';
import { callKeyOf } from '../../protocol/call-id.js';
import { NotificationAcknowledger } from '../../webhook/acknowledgement/notification-acknowledger.js';
import {
  BUDGET_PASSED,
  remainingMs,
  withinBudget,
} from '../../webhook/acknowledgement/within-budget.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FleetKeys, INBOX_GROUP } from '../fleet-keys.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from '../fleet-options.js';
import { FleetStatus } from '../fleet-status.js';
import { FleetMembership } from '../membership/fleet-membership.service.js';
import { CallOwnership } from '../ownership/call-ownership.service.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import { isFirstNotification } from './first-notification.js';
import {
  batchOf,
  decodeEntry,
  type ForwardedEntry,
} from './forwarded-entry.js';
import { NotificationForwarder } from './notification-forwarder.js';
import { TakenEntries } from './taken-entries.js';

// A blocking read returns at least this often, so that a stop is noticed.
const BLOCK_MS = 2_000;
const READ_COUNT = 100;
// A call that changed hands again while its notification travelled is handed on this often at most.
const MAX_HOPS = 2;

/** `[id, [field, value, ...]]` as XREADGROUP and XAUTOCLAIM give stream entries. */
type StreamEntry = [string, string[] | null];

/**
 * The receiving end of forward routing: reads this instance's inbox stream (blocking, on its
 * own connection) and handles each entry as a notification of the webhook, then publishes the
 * answer to the instance waiting for it and acknowledges the entry once its handlers finished.
 * An entry not acknowledged survives this instance's death: `drain()` lets a taker handle the
 * entries of a dead instance's inbox, those its owner read but did not finish and those it never read;
 * `queuedBefore()` lets a notification that made this instance take a call over wait for them.
 */
@Injectable()
export class FleetInbox {
  private readonly logger = new Logger('CallingFleet');
  private stopped = false;
  private reading: Promise<void> | undefined;
  /** Entries being handled here, acknowledged when they finish. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly draining = new SingleFlight<string, void>();
  private readonly taken = new TakenEntries();

  constructor(
    @Inject(FLEET_OPTIONS) private readonly options: ResolvedFleetOptions,
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
    private readonly membership: FleetMembership,
    private readonly ownership: CallOwnership,
    private readonly forwarder: NotificationForwarder,
    private readonly acknowledger: NotificationAcknowledger,
    private readonly status: FleetStatus,
  ) {}

  /** Starts reading this instance's inbox: first what an earlier life left unfinished, then new entries. */
  start(): void {
    this.reading = this.read();
  }

  /** Stops reading and waits for the entries being handled (their outcome published, acknowledged). */
  async stop(): Promise<void> {
    this.stopped = true;
    // Interrupts a blocking read: what it would have read stays in the stream for a taker.
    this.redis.blocking.disconnect();
    await this.reading;
    await Promise.allSettled([...this.inFlight, ...this.draining.inFlight()]);
  }

  /**
   * Handles what is left in a dead (or departed) instance's inbox, once at a time per instance:
   * entries it read but did not acknowledge (idle long enough that it surely is not handling
   * them), then entries it never read. Resolves when the inbox is empty for now.
   */
  drain(instanceId: string): Promise<void> {
    return this.draining.run(instanceId, () => this.drainOnce(instanceId));
  }

  /**
   * Resolves once what the dead `instanceId` left of `callKey` in its inbox is in the call's
   * queue, so that the notification which made this instance take the call over runs after the
   * older ones (per-call order), or after `budgetMs`, then `false`. What handlers do takes no
   * part: only their order.
   */
  async queuedBefore(
    instanceId: string,
    callKey: string,
    budgetMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + budgetMs;
    if (
      (await withinBudget(this.drain(instanceId), budgetMs)) === BUDGET_PASSED
    )
      return false;
    return (
      (await withinBudget(
        this.taken.queued(callKey),
        Math.max(0, deadline - Date.now()),
      )) !== BUDGET_PASSED
    );
  }

  private async read(): Promise<void> {
    const stream = this.keys.inbox(this.options.instanceId);
    // '0': entries delivered to this consumer before (an earlier life, same id) and never acknowledged.
    let cursor = '0';
    while (!this.stopped) {
      if (!this.redis.isReachable) {
        await this.redis.whenReachable();
        continue;
      }
      let entries: StreamEntry[];
      try {
        entries = await this.readGroup(stream, cursor, BLOCK_MS);
      } catch (error) {
        if (this.stopped) return;
        await this.recover(error);
        continue;
      }
      if (cursor !== '>') {
        if (entries.length === 0) cursor = '>';
        else cursor = entries[entries.length - 1][0];
      }
      for (const entry of entries) this.handle(stream, entry);
    }
  }

  private async drainOnce(instanceId: string): Promise<void> {
    const stream = this.keys.inbox(instanceId);
    // Its owner read these: idle past half a lease, it was not handling them any more.
    const minIdleMs = Math.floor(this.options.leaseMs / 2);
    try {
      let cursor = '0-0';
      do {
        const [next, entries] = (await this.redis.run((r) =>
          r.xautoclaim(
            stream,
            INBOX_GROUP,
            this.options.instanceId,
            minIdleMs,
            cursor,
            'COUNT',
            READ_COUNT,
          ),
        )) as [string, StreamEntry[]];
        for (const entry of entries) this.handle(stream, entry, true);
        cursor = next;
      } while (cursor !== '0-0' && !this.stopped);
      for (;;) {
        const entries = await this.redis.run(() =>
          this.readGroup(stream, '>', undefined),
        );
        if (entries.length === 0 || this.stopped) break;
        for (const entry of entries) this.handle(stream, entry, true);
      }
    } catch (error) {
      // NOGROUP: nothing was ever forwarded there, or a taker removed it already.
      if (!(error instanceof Error && error.message.startsWith('NOGROUP')))
        this.logger.warn(
          `Could not take over the inbox of ${instanceId}: ${describeError(error)}`,
        );
    }
  }

  private async readGroup(
    stream: string,
    cursor: string,
    blockMs: number | undefined,
  ): Promise<StreamEntry[]> {
    const me = this.options.instanceId;
    // The typed commands give ioredis' classic reply shapes whatever protocol (RESP2/3) the connection speaks.
    const result =
      blockMs === undefined
        ? await this.redis.commands.xreadgroup(
            'GROUP',
            INBOX_GROUP,
            me,
            'COUNT',
            READ_COUNT,
            'STREAMS',
            stream,
            cursor,
          )
        : await this.redis.blocking.xreadgroup(
            'GROUP',
            INBOX_GROUP,
            me,
            'COUNT',
            READ_COUNT,
            'BLOCK',
            blockMs,
            'STREAMS',
            stream,
            cursor,
          );
    return (result as [string, StreamEntry[]][] | null)?.[0]?.[1] ?? [];
  }

  /**
   * Handles one entry: here when this instance owns its calls, else handed on to their owner.
   * `fromDead`: taken from a dead instance's inbox (`queuedBefore` waits for it).
   */
  private handle(
    stream: string,
    [id, fields]: StreamEntry,
    fromDead = false,
  ): void {
    const entry = decodeEntry(fields);
    const queued =
      fromDead && entry
        ? this.taken.track(
            new Set(entry.notifications.map((n) => callKeyOf(n.callId))),
          )
        : undefined;
    const handled = entry
      ? this.handleEntry(entry, queued).catch((error: unknown) =>
          this.failed(entry, error),
        )
      : Promise.resolve();
    const work = handled
      .finally(queued)
      .then(() => this.acknowledge(stream, id));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * Handling an entry failed before its handlers ran (a bug: Redis failures are ridden out): the
   * sender answers `500`, so that the platform retries, and the entry is acknowledged, as its
   * retry brings the notification again.
   */
  private async failed(entry: ForwardedEntry, error: unknown): Promise<void> {
    this.logger.error(
      `A notification handed over by ${entry.from} could not be handled: ${describeError(error)}`,
    );
    await this.forwarder.publishOutcome(entry, 500).catch(() => undefined);
  }

  /** `queued`: told once the entry is in its calls' queues (or handed on to their owner). */
  private async handleEntry(
    entry: ForwardedEntry,
    queued?: () => void,
  ): Promise<void> {
    // The sender answers the platform by then: a takeover, a hop and the handlers share it.
    const deadline = performance.now() + entry.budgetMs;
    const owner = await this.ownerElsewhere(entry, deadline);
    if (owner !== undefined) {
      try {
        await this.forwarder.post(owner, {
          ...entry,
          budgetMs: remainingMs(deadline),
          hops: entry.hops + 1,
        });
        return;
      } catch {
        // Redis went away meanwhile: handled here instead (a duplicate at worst).
      }
    }
    this.status.handedOver++;
    const handled = this.acknowledger.acknowledge(
      batchOf(entry),
      remainingMs(deadline),
    );
    queued?.();
    void handled.answer.then((answer) =>
      this.forwarder
        .publishOutcome(entry, answer.status)
        .catch(() => undefined),
    );
    await handled.settled;
  }

  /** Another live instance owns the entry's calls now (it changed hands on the way), or `undefined`. */
  private async ownerElsewhere(
    entry: ForwardedEntry,
    deadline: number,
  ): Promise<string | undefined> {
    const calls = new Map<string, boolean>();
    for (const n of entry.notifications)
      if (!this.ownership.ownsLocally(callKeyOf(n.callId)))
        calls.set(
          n.callId,
          (calls.get(n.callId) ?? false) || isFirstNotification(n),
        );
    if (calls.size === 0 || entry.hops >= MAX_HOPS) return undefined;
    try {
      for (const [callId, first] of calls) {
        const route = await this.ownership.route(
          callId,
          entry.principal.tenantId,
          first,
          deadline,
        );
        if (route.kind === 'owner') return route.instanceId;
      }
    } catch (error) {
      // Redis failed meanwhile: handled here (a duplicate at worst).
      if (!this.redis.isFailure(error)) throw error;
    }
    return undefined;
  }

  private async acknowledge(stream: string, id: string): Promise<void> {
    try {
      await this.redis.run((r) => r.xack(stream, INBOX_GROUP, id));
    } catch {
      // Left pending: a taker handles it again after this instance's death (a duplicate at worst).
    }
  }

  private async recover(error: unknown): Promise<void> {
    if (error instanceof Error && error.message.startsWith('NOGROUP')) {
      // Redis lost the stream (a restart), or a taker removed it: made again.
      await this.membership.ensureInbox().catch(() => undefined);
      return;
    }
    this.redis.markUnreachable(describeError(error));
    await this.redis.whenReachable();
  }
}
