import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '../../logging/describe-error.js';
import { withinBudget } from '../../webhook/acknowledgement/within-budget.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FleetKeys, INBOX_GROUP } from '../fleet-keys.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from '../fleet-options.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import { leaseValue, newIncarnation, ownerValue } from './lease-value.js';

/**
 * Told each time this instance (re)registers: `previousOwner` is the owner value of its life
 * before (its calls in Redis may still say so), `undefined` at the first registration.
 */
export type RegistrationListener = (
  previousOwner: string | undefined,
) => Promise<void>;

/**
 * This instance's membership of the fleet: a lease in Redis (`{incarnation}|{instanceUrl}`,
 * expiring after `leaseMs`) renewed every third of it. While the last renewal is younger than
 * the lease, the instance knows without asking Redis that nobody took its calls: others take a
 * call only from an instance whose lease is gone. A lease found gone (Redis restarted, or this
 * process was paused past it) means a new life: a new incarnation is registered and the calls are
 * checked again (`RegistrationListener`).
 */
@Injectable()
export class FleetMembership {
  private readonly logger = new Logger('CallingFleet');
  private incarnation = newIncarnation();
  /** The owner value of the life Redis last registered (this one, or the one before a new life). */
  private registered: string | undefined;
  /** `performance.now()` until which the lease surely holds. */
  private validUntil = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private leaving = false;
  private readonly listeners: RegistrationListener[] = [];

  constructor(
    @Inject(FLEET_OPTIONS) private readonly options: ResolvedFleetOptions,
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis,
    private readonly keys: FleetKeys,
  ) {}

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** This life's owner value (`{instanceId}|{incarnation}`), as call owner keys hold it. */
  get owner(): string {
    return ownerValue(this.options.instanceId, this.incarnation);
  }

  /** This instance's lease is surely held now: its calls are its own without asking Redis. */
  get leaseValid(): boolean {
    return performance.now() < this.validUntil;
  }

  /** Calls `listener` after each registration (the first, and each new life). */
  onRegistered(listener: RegistrationListener): void {
    this.listeners.push(listener);
  }

  /** Registers (now if Redis answers, else once it does) and renews every third of the lease. */
  async start(): Promise<void> {
    this.redis.onReachable(() => void this.renew());
    this.renewTimer = setInterval(
      () => void this.renew(),
      Math.floor(this.options.leaseMs / 3),
    );
    this.renewTimer.unref();
    if (this.redis.isReachable) await this.renew();
  }

  /** Renews the lease, or registers a (new) life when Redis holds none of this one. */
  renew(): Promise<void> {
    if (this.leaving) return Promise.resolve();
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /**
   * Leaves the fleet: stops renewing, drops the lease (so that the others may take this
   * instance's calls at once) and tells them. The member entry stays until a taker cleaned up.
   */
  async leave(): Promise<void> {
    this.leaving = true;
    clearInterval(this.renewTimer);
    this.validUntil = 0;
    if (this.registered === undefined) return;
    const lease = leaseValue(this.incarnation, this.options.instanceUrl);
    try {
      await this.redis.run(() =>
        this.redis.scripts.deleteIfHeld(
          this.keys.lease(this.instanceId),
          lease,
        ),
      );
      await this.redis.run((r) =>
        r.publish(this.keys.departures, this.instanceId),
      );
    } catch (error) {
      this.logger.warn(
        `Could not announce that this instance leaves (its calls are taken once its lease runs out): ${describeError(error)}`,
      );
    }
  }

  /** Stops renewing (the lease runs out by itself). */
  stop(): void {
    this.leaving = true;
    clearInterval(this.renewTimer);
  }

  private async renewOnce(): Promise<void> {
    try {
      if (this.registered !== this.owner) {
        await this.register(this.registered);
        return;
      }
      const sentAt = performance.now();
      const held = await this.redis.run(() =>
        this.redis.scripts.extendIfHeld(
          this.keys.lease(this.instanceId),
          leaseValue(this.incarnation, this.options.instanceUrl),
          this.options.leaseMs,
        ),
      );
      if (held === 1) {
        this.validUntil = sentAt + this.validFor();
        return;
      }
      this.incarnation = newIncarnation();
      this.logger.warn(
        `This instance's lease was gone (Redis lost it, or the process stalled past ${this.options.leaseMs} ms): registering anew and checking its calls`,
      );
      await this.register(this.registered);
    } catch (error) {
      // Redis is unreachable: the lease runs out, and the fleet works degraded until it is back.
      this.logger.debug(`Lease renewal failed: ${describeError(error)}`);
    }
  }

  private async register(previousOwner: string | undefined): Promise<void> {
    const incarnation = this.incarnation;
    const owner = this.owner;
    const sentAt = performance.now();
    await this.redis.run((r) =>
      Promise.all([
        r.set(
          this.keys.lease(this.instanceId),
          leaseValue(incarnation, this.options.instanceUrl),
          'PX',
          this.options.leaseMs,
        ),
        r.sadd(this.keys.members, this.instanceId),
      ]),
    );
    await this.ensureInbox();
    // The calls are claimed for this life before its lease counts as held (so that a health
    // check saying "held" means they are), for at most a third of the lease: checking many
    // calls must not hold the next renewal back.
    await withinBudget(
      this.tellRegistered(previousOwner),
      Math.floor(this.options.leaseMs / 3),
    );
    this.registered = owner;
    this.validUntil = sentAt + this.validFor();
    this.logger.log(
      `Instance ${this.instanceId} joined the fleet (lease ${this.options.leaseMs} ms, routing ${this.options.routing})`,
    );
  }

  private async tellRegistered(
    previousOwner: string | undefined,
  ): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(previousOwner);
      } catch (error) {
        this.logger.error(
          `A fleet registration listener failed: ${describeError(error)}`,
        );
      }
    }
  }

  /** Creates this instance's inbox stream and its consumer group, unless they exist. */
  async ensureInbox(): Promise<void> {
    try {
      await this.redis.run((r) =>
        r.xgroup(
          'CREATE',
          this.keys.inbox(this.instanceId),
          INBOX_GROUP,
          '0',
          'MKSTREAM',
        ),
      );
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP')))
        throw error;
    }
  }

  // Redis expires the lease by its own clock: a little is kept back for the two clocks to differ.
  private validFor(): number {
    return this.options.leaseMs - Math.min(200, this.options.leaseMs / 10);
  }
}
