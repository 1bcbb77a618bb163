import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NotificationAcknowledger } from '../webhook/acknowledgement/notification-acknowledger.js';
import {
  BUDGET_PASSED,
  withinBudget,
} from '../webhook/acknowledgement/within-budget.js';
import { FleetCallHandover } from './calls/fleet-call-handover.js';
import { FLEET_REDIS } from './fleet.constants.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from './fleet-options.js';
import { FleetMembership } from './membership/fleet-membership.service.js';
import { CallOwnership } from './ownership/call-ownership.service.js';
import type { FleetRedis } from './redis/fleet-redis.js';
import { FleetInbox } from './routing/fleet-inbox.js';
import { NotificationForwarder } from './routing/notification-forwarder.js';
import { FleetSweeper } from './takeover/fleet-sweeper.js';

// What a stopping instance gives the notifications handed to it before it hands its calls over.
const INBOX_STOP_BUDGET_MS = 4_000;

/**
 * Starts the fleet once the app is up (register, listen, read the inbox, sweep) and, when it
 * stops, hands over: the handlers this instance started finish first (its HTTP server is closed
 * by then), then it stops reading its inbox, drops its lease and tells the others, which take
 * its calls at once; last, its Redis connections close. Nothing happens without `fleet`.
 */
@Injectable()
export class FleetLifecycle
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('CallingFleet');

  constructor(
    @Inject(FLEET_OPTIONS)
    private readonly options: ResolvedFleetOptions | undefined,
    @Inject(FLEET_REDIS) private readonly redis: FleetRedis | undefined,
    private readonly membership: FleetMembership,
    private readonly ownership: CallOwnership,
    private readonly forwarder: NotificationForwarder,
    private readonly inbox: FleetInbox,
    private readonly sweeper: FleetSweeper,
    private readonly acknowledger: NotificationAcknowledger,
    private readonly handover: FleetCallHandover,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options) return;
    this.handover.start();
    this.ownership.start();
    this.forwarder.start();
    await this.membership.start();
    this.inbox.start();
    this.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.options || !this.redis) return;
    await this.acknowledger.drain();
    this.sweeper.stop();
    if (
      (await withinBudget(this.inbox.stop(), INBOX_STOP_BUDGET_MS)) ===
      BUDGET_PASSED
    )
      this.logger.warn(
        'Handed-over notifications were still being handled at shutdown: a taker handles them again',
      );
    const calls = this.ownership.ownedCallIds.length;
    await this.membership.leave();
    this.ownership.forgetAll();
    this.logger.log(
      `Instance ${this.options.instanceId} left the fleet, handing over ${calls} call(s)`,
    );
    await this.redis.close();
  }
}
