import { Inject, Injectable, Logger } from '@nestjs/common';
import { CallRecords } from '../../calls/call-records.service.js';
import { KeepAliveScheduler } from '../../calls/keep-alive.scheduler.js';
import type { CallRecord } from '../../calls/call-record.interface.js';
import { CallControl } from '../../control/call-control.service.js';
import type { CallReference } from '../../control/call-reference.interface.js';
import { describeError } from '../../logging/describe-error.js';
import { callKeyOf } from '../../protocol/call-id.js';
import {
  BUDGET_PASSED,
  withinBudget,
} from '../../webhook/acknowledgement/within-budget.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from '../fleet-options.js';
import { parseOwner } from '../membership/lease-value.js';
import { CallOwnership } from '../ownership/call-ownership.service.js';
import type { CallHandoverListener } from '../ownership/call-route.interface.js';

// Claiming a call the app placed costs a Redis round trip or two; more means Redis is in trouble.
const PLACED_CLAIM_BUDGET_MS = 1_000;

/**
 * Where the fleet meets call state: only the instance that holds a call keeps it alive; a call
 * this instance answers or places is claimed (a placed call's first notification may reach
 * another instance); a call taken over gets its record (from Redis, else from Graph's
 * `GET /communications/calls/{id}`) and its keepAlive at once; a call lost to another instance
 * stops being kept alive here. Operations a dead instance awaited are gone with it: their
 * completion notifications still reach `@OnOperationCompleted` on the new owner.
 */
@Injectable()
export class FleetCallHandover implements CallHandoverListener {
  private readonly logger = new Logger('CallingFleet');

  constructor(
    @Inject(FLEET_OPTIONS)
    private readonly options: ResolvedFleetOptions | undefined,
    private readonly ownership: CallOwnership,
    private readonly records: CallRecords,
    private readonly keepAlive: KeepAliveScheduler,
    private readonly control: CallControl,
  ) {}

  /** Wires call state to the fleet (at bootstrap, before the first notification). */
  start(): void {
    if (!this.options) return;
    this.keepAlive.keepOnly((callId) =>
      this.ownership.holds(callKeyOf(callId)),
    );
    this.ownership.onHandover(this);
    // The app answered or placed the call here: this instance owns it, keepAlive or not. Claimed
    // before `create()` returns: the platform sends a placed call's first notifications as soon
    // as it answers `201`, to whichever instance the load balancer picks, and the instance that
    // claims first owns the call (an answered call was claimed by its incoming notification).
    this.records.onRegister((call) => this.claimRegistered(call));
  }

  async adopted(call: CallReference, previousOwner: string): Promise<void> {
    const stored = await this.records.get(call.callId);
    const record = stored ?? (await this.fromGraph(call, previousOwner));
    if (record) this.keepAlive.adopt(record);
  }

  private async claimRegistered(call: CallReference): Promise<void> {
    if (this.ownership.holds(callKeyOf(call.callId))) return;
    // Bounded: Redis slow or away must not hold up the app (the call is then this instance's locally).
    if (
      (await withinBudget(
        this.ownership.claim(call),
        PLACED_CLAIM_BUDGET_MS,
      )) === BUDGET_PASSED
    )
      this.logger.warn(
        `Claiming call ${call.callId} took longer than ${PLACED_CLAIM_BUDGET_MS} ms; it is this instance's until Redis says otherwise`,
        { callId: call.callId },
      );
  }

  lost(callId: string): void {
    this.keepAlive.letGo(callId);
  }

  private async fromGraph(
    call: CallReference,
    previousOwner: string,
  ): Promise<CallRecord | undefined> {
    try {
      return await this.records.restore(call, await this.control.get(call));
    } catch (error) {
      this.logger.warn(
        `Call ${call.callId} taken over from ${parseOwner(previousOwner).instanceId} has no state, and Graph could not be asked for it: ${describeError(error)}`,
        { callId: call.callId },
      );
      return undefined;
    }
  }
}
