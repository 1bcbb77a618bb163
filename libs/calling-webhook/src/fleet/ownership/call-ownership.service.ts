import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '../../logging/describe-error.js';
import { callKeyOf } from '../../protocol/call-id.js';
import {
  remainingMs,
  withinBudget,
} from '../../webhook/acknowledgement/within-budget.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FleetKeys } from '../fleet-keys.js';
import { FleetStatus } from '../fleet-status.js';
import { FleetMembership } from '../membership/fleet-membership.service.js';
import { parseLease, parseOwner } from '../membership/lease-value.js';
import type { CallReference } from '../../control/call-reference.interface.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import { indexEntry } from './index-entry.js';
import { runLimited } from '../run-limited.js';
import type {
  CallHandoverListener,
  CallRoute,
} from './call-route.interface.js';

// An owner key outlives its instance only this long unless refreshed (every refresh interval, by
// the owner): a key left by a call nobody ended must not stay for ever.
const OWNER_TTL_MS = 2 * 60 * 60_000;
const OWNER_REFRESH_MS = 30 * 60_000;
// A late notification of an ended call still finds its owner (and its duplicates) for this long.
const ENDED_CALL_GRACE_MS = 60_000;
// Loading a taken-over call's state (from Redis, else from Graph) must not eat the whole budget.
const ADOPT_BUDGET_MS = 2_000;
const PARALLEL_CLAIMS = 8;
const MAX_ROUTE_ATTEMPTS = 3;

interface OwnedCall {
  readonly callId: string;
  readonly tenantId: string;
  /** Owned from its first notification (or since this instance answered or placed it). */
  readonly fresh: boolean;
  /** Claimed in Redis; `false` for a call taken while Redis was unreachable, until it is. */
  synced: boolean;
}

/**
 * Which calls this instance owns, and who owns the others. An owner key per call
 * (`{instanceId}|{incarnation}`, claimed atomically) and an index of each instance's calls live
 * in Redis; this instance keeps its own calls in memory, so that while its lease holds a
 * notification of one of them costs no question to Redis. A call whose owner's lease is gone is
 * taken over with a compare-and-set, so that exactly one instance gets it.
 */
@Injectable()
export class CallOwnership {
  private readonly logger = new Logger('CallingFleet');
  private readonly owned = new Map<string, OwnedCall>();
  private readonly ending = new Map<string, NodeJS.Timeout>();
  private readonly handovers: CallHandoverListener[] = [];
  private readonly deadListeners: ((instanceId: string) => void)[] = [];
  private readonly reclaimListeners: ((callKeys: string[]) => Promise<void>)[] =
    [];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
    private readonly membership: FleetMembership,
    private readonly status: FleetStatus,
  ) {}

  /** Tells `listener` of every call taken over or lost. */
  onHandover(listener: CallHandoverListener): void {
    this.handovers.push(listener);
  }

  /** Tells `listener` of every instance found dead while routing (its inbox needs a taker). */
  onDeadInstance(listener: (instanceId: string) => void): void {
    this.deadListeners.push(listener);
  }

  /** Tells `listener` which calls this instance claimed again for a new life (Redis may have lost their state). */
  onReclaimed(listener: (callKeys: string[]) => Promise<void>): void {
    this.reclaimListeners.push(listener);
  }

  /** Checks this instance's calls after each registration, and refreshes them now and then. */
  start(): void {
    this.membership.onRegistered((previous) =>
      this.reconcile(previous ?? this.membership.owner),
    );
    this.redis.onReachable(() => void this.claimUnsynced());
    this.refreshTimer = setInterval(
      () => void this.reconcile(undefined),
      OWNER_REFRESH_MS,
    );
    this.refreshTimer.unref();
  }

  /** True when this instance owns the call and its lease holds: nobody else can have taken it. */
  ownsLocally(callKey: string): boolean {
    return (
      this.membership.leaseValid && this.owned.get(callKey)?.synced === true
    );
  }

  /** This instance holds the call (claimed in Redis, or taken while Redis was unreachable). */
  holds(callKey: string): boolean {
    return this.owned.has(callKey);
  }

  /** Owned from its start: every notification of it was handled here, none elsewhere. */
  ownedFromStart(callKey: string): boolean {
    return this.ownsLocally(callKey) && this.owned.get(callKey)?.fresh === true;
  }

  /** The ids of the calls this instance owns. */
  get ownedCallIds(): string[] {
    return [...this.owned.values()].map((call) => call.callId);
  }

  /**
   * Where a notification of `callId` is handled: here when nobody owns the call (it is claimed),
   * when this instance does, or when its owner is dead (it is taken over); else at its live
   * owner. `first`: the notification is the call's first (an incoming call); `deadline` (a
   * `performance.now()` time): when the notification must be answered, which bounds a takeover's
   * loading of the call. Throws `RedisUnavailableError` when Redis does not answer.
   */
  async route(
    callId: string,
    tenantId: string,
    first: boolean,
    deadline: number,
  ): Promise<CallRoute> {
    const callKey = callKeyOf(callId);
    let expected = '';
    for (let attempt = 0; attempt < MAX_ROUTE_ATTEMPTS; attempt++) {
      const found = await this.claimInRedis(callKey, expected);
      if (typeof found === 'number') {
        if (expected === '') {
          this.own(callKey, { callId, tenantId }, first && found === 0);
          await this.index(callKey, callId, tenantId);
          return { kind: 'here' };
        }
        await this.adopt(callKey, { callId, tenantId }, expected, deadline);
        return { kind: 'here', takenOverFrom: parseOwner(expected).instanceId };
      }
      const owner = parseOwner(found);
      // An earlier life of this instance (it restarted, or its lease lapsed) is as dead as any.
      if (owner.instanceId !== this.membership.instanceId) {
        const lease = await this.redis.run((r) =>
          r.get(this.keys.lease(owner.instanceId)),
        );
        if (lease !== null) {
          const live = parseLease(lease);
          if (live.incarnation === owner.incarnation)
            return {
              kind: 'owner',
              instanceId: owner.instanceId,
              url: live.url,
            };
        }
        for (const listener of this.deadListeners) listener(owner.instanceId);
      }
      expected = found;
    }
    // Others kept winning the claim: handling it here loses nothing (a duplicate at worst).
    return { kind: 'here' };
  }

  /**
   * Claims a call this instance answered or placed (a placed call's first notification may
   * come before anything else). Without Redis, the call is this instance's locally and claimed
   * when Redis is back.
   */
  async claim(call: CallReference): Promise<void> {
    const callKey = callKeyOf(call.callId);
    if (this.owned.has(callKey)) return;
    this.own(callKey, call, true, false);
    try {
      const found = await this.claimInRedis(callKey, '');
      if (typeof found === 'number') await this.synced(callKey);
      else {
        // Its first notification reached another instance before Graph's answer reached this one.
        this.logger.warn(
          `Call ${call.callId} was claimed by ${parseOwner(found).instanceId} first: it is handled there`,
          { callId: call.callId },
        );
        this.lose(callKey);
      }
    } catch (error) {
      this.logger.debug(
        `Call ${call.callId} is this instance's until Redis answers again: ${describeError(error)}`,
        { callId: call.callId },
      );
    }
  }

  /**
   * A new call (its first notification) came while Redis was unreachable: it is this instance's
   * locally, and claimed in Redis once Redis answers (unless another instance has it by then).
   */
  claimLocally(call: CallReference): void {
    const callKey = callKeyOf(call.callId);
    if (!this.owned.has(callKey)) this.own(callKey, call, true, false);
  }

  /** The call ended: it is released after a grace period (late notifications still come here). */
  ended(callId: string): void {
    const callKey = callKeyOf(callId);
    if (!this.owned.has(callKey) || this.ending.has(callKey)) return;
    const timer = setTimeout(() => {
      this.ending.delete(callKey);
      void this.release(callKey);
    }, ENDED_CALL_GRACE_MS);
    timer.unref();
    this.ending.set(callKey, timer);
  }

  /**
   * Takes `callId` over from `previousOwner` (an owner value whose lease is gone), unless another
   * instance was faster. Resolves `true` when this instance owns it now.
   */
  async takeOver(
    callKey: string,
    call: CallReference,
    previousOwner: string,
  ): Promise<boolean> {
    const found = await this.claimInRedis(callKey, previousOwner);
    if (typeof found !== 'number') return false;
    await this.adopt(callKey, call, previousOwner);
    return true;
  }

  /** Forgets every call (this instance leaves: they are taken over from its index). */
  forgetAll(): void {
    clearInterval(this.refreshTimer);
    for (const timer of this.ending.values()) clearTimeout(timer);
    this.ending.clear();
    this.owned.clear();
  }

  /**
   * Claims every call this instance holds for its current life: those of its life before
   * (`previousOwner`), those it took while Redis was unreachable, and (with no previous owner)
   * refreshes their owner keys. A call another instance took meanwhile is let go.
   */
  private async reconcile(previousOwner: string | undefined): Promise<void> {
    await this.claimAll([...this.owned], previousOwner ?? '');
    if (previousOwner === undefined) return;
    const kept = [...this.owned.keys()];
    for (const listener of this.reclaimListeners) await listener(kept);
  }

  private async claimUnsynced(): Promise<void> {
    await this.claimAll(
      [...this.owned].filter(([, call]) => !call.synced),
      '',
    );
  }

  private async claimAll(
    calls: [string, OwnedCall][],
    previousOwner: string,
  ): Promise<void> {
    await runLimited(calls, PARALLEL_CLAIMS, async ([key, call]) => {
      const found = await this.claimInRedis(key, previousOwner);
      if (typeof found === 'number') await this.synced(key);
      else {
        this.logger.log(
          `Call ${call.callId} is owned by another instance now`,
          {
            callId: call.callId,
          },
        );
        this.lose(key);
      }
    });
  }

  /**
   * Makes a call this instance's and loads it (its listeners), at most `ADOPT_BUDGET_MS`, or
   * until `deadline` when a notification waits for its answer: the loading goes on past it.
   */
  private async adopt(
    callKey: string,
    call: CallReference,
    previousOwner: string,
    deadline = performance.now() + ADOPT_BUDGET_MS,
  ): Promise<void> {
    const { callId } = call;
    this.own(callKey, call, false);
    const previous = parseOwner(previousOwner).instanceId;
    await Promise.all([
      this.index(callKey, callId, call.tenantId),
      this.redis
        .run((r) => r.hdel(this.keys.ownedCalls(previous), callKey))
        .catch(() => undefined),
    ]);
    this.status.takenOver++;
    this.logger.log(`Took over call ${callId} from ${previous}`, { callId });
    await withinBudget(
      Promise.allSettled(
        this.handovers.map((listener) =>
          listener.adopted({ callId, tenantId: call.tenantId }, previousOwner),
        ),
      ),
      Math.min(ADOPT_BUDGET_MS, remainingMs(deadline)),
    );
  }

  private async release(callKey: string): Promise<void> {
    this.owned.delete(callKey);
    try {
      await this.redis.run((r) =>
        Promise.all([
          this.redis.scripts.deleteIfHeld(
            this.keys.callOwner(callKey),
            this.membership.owner,
          ),
          r.hdel(this.keys.ownedCalls(this.membership.instanceId), callKey),
        ]),
      );
    } catch {
      // Left to expire (the owner key) and to the next takeover's clean-up (the index).
    }
  }

  private own(
    callKey: string,
    call: CallReference,
    fresh: boolean,
    synced = true,
  ): void {
    this.owned.set(callKey, {
      callId: call.callId,
      tenantId: call.tenantId,
      fresh,
      synced,
    });
  }

  /** Indexes a call claimed in Redis; from then on its notifications need no Redis question. */
  private async synced(callKey: string): Promise<void> {
    const call = this.owned.get(callKey);
    if (!call) return;
    await this.index(callKey, call.callId, call.tenantId);
    call.synced = true;
  }

  private lose(callKey: string): void {
    const call = this.owned.get(callKey);
    if (!call) return;
    this.owned.delete(callKey);
    for (const listener of this.handovers) listener.lost(call.callId);
  }

  private index(
    callKey: string,
    callId: string,
    tenantId: string,
  ): Promise<unknown> {
    return this.redis.run((r) =>
      r.hset(
        this.keys.ownedCalls(this.membership.instanceId),
        callKey,
        indexEntry({ callId, tenantId }),
      ),
    );
  }

  private claimInRedis(callKey: string, expected: string) {
    return this.redis.run(() =>
      this.redis.scripts.claimCall(
        this.keys.callOwner(callKey),
        this.membership.owner,
        OWNER_TTL_MS,
        expected,
      ),
    );
  }
}
