import { Inject, Injectable, Logger } from '@nestjs/common';
import { SingleFlight } from '../../concurrency/single-flight.js';
import { describeError } from '../../logging/describe-error.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FleetKeys, INBOX_GROUP } from '../fleet-keys.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from '../fleet-options.js';
import { FleetMembership } from '../membership/fleet-membership.service.js';
import { parseLease, parseOwner } from '../membership/lease-value.js';
import { CallOwnership } from '../ownership/call-ownership.service.js';
import { parseIndexEntry } from '../ownership/index-entry.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import { FleetInbox } from '../routing/fleet-inbox.js';
import { runLimited } from '../run-limited.js';

const PARALLEL_TAKEOVERS = 8;

/**
 * Takes over what dead instances leave: their calls (so that quiet calls, which no notification
 * brings to anyone, keep their keepAlive) and their inbox. Each instance sweeps about every lease
 * (jittered, so that they do not all sweep at once); an instance that leaves says so, and is
 * taken over at once; a dead owner met while routing a notification is taken over too. Claims
 * are compare-and-set: each call gets exactly one new owner, spread over the instances that race.
 */
@Injectable()
export class FleetSweeper {
  private readonly logger = new Logger('CallingFleet');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly takingOver = new SingleFlight<string, void>();
  /** When an instance was first found dead: its keys are removed a lease later. */
  private readonly deadSince = new Map<string, number>();

  constructor(
    @Inject(FLEET_OPTIONS) private readonly options: ResolvedFleetOptions,
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
    private readonly membership: FleetMembership,
    private readonly ownership: CallOwnership,
    private readonly inbox: FleetInbox,
  ) {}

  /** Sweeps from now on, listens for instances that leave, and takes over what an earlier life of this one left. */
  start(): void {
    this.ownership.onDeadInstance((id) => void this.takeOver(id));
    this.membership.onRegistered(() => this.takeOver(this.options.instanceId));
    this.redis.subscriber.on('message', (channel: string, id: string) => {
      if (channel === this.keys.departures && id !== this.options.instanceId)
        void this.takeOver(id);
    });
    // Not awaited: the subscriber queues the command until Redis answers (it may be down at
    // start-up, and an instance starts degraded rather than not at all); replayed on reconnects.
    void this.redis.subscriber
      .subscribe(this.keys.departures)
      .catch((error: unknown) =>
        this.logger.warn(
          `Could not listen for departing instances (their calls are taken once their leases run out): ${describeError(error)}`,
        ),
      );
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One sweep: every member whose lease is gone is taken over. */
  async sweep(): Promise<void> {
    if (!this.redis.isReachable || !this.membership.leaseValid) return;
    try {
      const members = await this.redis.run((r) =>
        r.smembers(this.keys.members),
      );
      const others = members.filter((id) => id !== this.options.instanceId);
      const leases = await this.redis.run((r) =>
        Promise.all(others.map((id) => r.get(this.keys.lease(id)))),
      );
      await runLimited(
        others.filter((_, i) => leases[i] === null),
        2,
        (id) => this.takeOver(id),
      );
    } catch (error) {
      this.logger.debug(`Fleet sweep failed: ${describeError(error)}`);
    }
  }

  /** Takes over `instanceId`'s calls that its current life does not hold, and a dead one's inbox. */
  takeOver(instanceId: string): Promise<void> {
    return this.takingOver.run(instanceId, () => this.takeOverOnce(instanceId));
  }

  private async takeOverOnce(instanceId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const lease = await this.redis.run((r) =>
        r.get(this.keys.lease(instanceId)),
      );
      const live = lease === null ? undefined : parseLease(lease).incarnation;
      // A dead instance's inbox first: each call it holds notifications of is taken over as
      // they are queued, so that none of them runs after a newer one the call's taker receives.
      if (live === undefined) await this.inbox.drain(instanceId);
      const calls = await this.redis.run((r) =>
        r.hgetall(this.keys.ownedCalls(instanceId)),
      );
      const entries = shuffled(Object.entries(calls));
      await runLimited(entries, PARALLEL_TAKEOVERS, ([callKey, entry]) =>
        this.takeOverCall(instanceId, live, callKey, entry),
      );
      if (live === undefined) await this.cleanUp(instanceId);
    } catch (error) {
      this.logger.debug(
        `Taking over ${instanceId} failed (the next sweep tries again): ${describeError(error)}`,
      );
    }
  }

  private async takeOverCall(
    instanceId: string,
    liveIncarnation: string | undefined,
    callKey: string,
    entry: string,
  ): Promise<void> {
    const found = await this.redis.run((r) =>
      r.get(this.keys.callOwner(callKey)),
    );
    const owner = found === null ? undefined : parseOwner(found);
    const call = parseIndexEntry(entry);
    if (owner?.instanceId !== instanceId || !call) {
      // Ended and released, expired, or taken by another instance already: not this index's any more.
      await this.redis.run((r) =>
        r.hdel(this.keys.ownedCalls(instanceId), callKey),
      );
      return;
    }
    if (owner.incarnation === liveIncarnation) return;
    await this.ownership.takeOver(callKey, call, found as string);
  }

  /** A lease after an instance was first found dead, its emptied index and inbox go, and it leaves the members. */
  private async cleanUp(instanceId: string): Promise<void> {
    const now = Date.now();
    const since = this.deadSince.get(instanceId) ?? now;
    this.deadSince.set(instanceId, since);
    if (now - since < this.options.leaseMs) return;
    const [left, pending] = await this.redis.run((r) =>
      Promise.all([
        r.hlen(this.keys.ownedCalls(instanceId)),
        r
          .xpending(this.keys.inbox(instanceId), INBOX_GROUP)
          .catch(() => [0]) as Promise<unknown[]>,
      ]),
    );
    if (left > 0 || Number(pending[0] ?? 0) > 0) return;
    await this.redis.run((r) =>
      Promise.all([
        r.del(this.keys.inbox(instanceId)),
        r.del(this.keys.ownedCalls(instanceId)),
      ]),
    );
    await this.redis.run((r) => r.srem(this.keys.members, instanceId));
    this.deadSince.delete(instanceId);
    this.logger.log(`Instance ${instanceId} is gone; its keys were removed`);
  }

  private schedule(): void {
    if (this.stopped) return;
    // 0.75 to 1.25 leases: instances spread their sweeps instead of all sweeping at once.
    const delay = this.options.leaseMs * (0.75 + Math.random() / 2);
    this.timer = setTimeout(() => {
      void this.sweep().finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
