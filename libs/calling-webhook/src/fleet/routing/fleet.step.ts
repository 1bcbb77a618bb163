import { Inject, Injectable, Logger } from '@nestjs/common';
import { redirectTo } from '../../affinity/redirect-location.js';
import { describeError } from '../../logging/describe-error.js';
import { callKeyOf } from '../../protocol/call-id.js';
import type { ParsedNotification } from '../../protocol/parsed-notification.interface.js';
import {
  ACKNOWLEDGEMENT_OPTIONS,
  type ResolvedAcknowledgementOptions,
} from '../../webhook/acknowledgement/acknowledgement-options.js';
import { NotificationAcknowledger } from '../../webhook/acknowledgement/notification-acknowledger.js';
import { remainingMs } from '../../webhook/acknowledgement/within-budget.js';
import {
  CONTINUE,
  type StepOutcome,
  type WebhookAnswer,
} from '../../webhook/pipeline/webhook-answer.js';
import {
  expectSet,
  type WebhookRequest,
} from '../../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../../webhook/pipeline/webhook-step.interface.js';
import { FLEET_REDIS } from '../fleet.constants.js';
import { FLEET_OPTIONS, type ResolvedFleetOptions } from '../fleet-options.js';
import { FleetStatus } from '../fleet-status.js';
import { CallOwnership } from '../ownership/call-ownership.service.js';
import type { CallRoute } from '../ownership/call-route.interface.js';
import type { FleetRedis } from '../redis/fleet-redis.js';
import {
  isFirstNotification,
  isLastNotification,
} from './first-notification.js';
import { FleetInbox } from './fleet-inbox.js';
import {
  InboxGoneError,
  NotificationForwarder,
} from './notification-forwarder.js';

// Taking a call over waits this long at most for what its dead owner's inbox held of it.
const TAKEOVER_DRAIN_BUDGET_MS = 1_000;

/**
 * The fleet step (with `fleet` configured): a notification of a call this instance owns goes on
 * to the acknowledgement at once, without asking Redis. Otherwise the call's owner is looked up:
 * nobody (the call is claimed here), a dead instance (the call is taken over here), or a live
 * one: `forward` routing hands the notification to it and answers with its outcome, `redirect`
 * routing answers `307` to its `instanceUrl`. Redis failing (unreachable, refusing
 * writes, an error reply): handled here, degraded, never a 5xx.
 */
@Injectable()
export class FleetStep implements WebhookStep {
  private readonly logger = new Logger('CallingFleet');

  constructor(
    @Inject(FLEET_OPTIONS)
    private readonly options: ResolvedFleetOptions | undefined,
    @Inject(FLEET_REDIS) private readonly fleetRedis: FleetRedis | undefined,
    private readonly ownership: CallOwnership,
    private readonly forwarder: NotificationForwarder,
    private readonly acknowledger: NotificationAcknowledger,
    private readonly inbox: FleetInbox,
    private readonly status: FleetStatus,
    @Inject(ACKNOWLEDGEMENT_OPTIONS)
    private readonly acknowledgement: ResolvedAcknowledgementOptions,
  ) {}

  // Synchronous on the owner path and without a fleet: a step that answers at once costs no microtask.
  run(request: WebhookRequest): StepOutcome | Promise<StepOutcome> {
    if (!this.options) return CONTINUE;
    const notifications = expectSet(request.notifications, 'notifications');
    if (
      notifications.every((n) =>
        this.ownership.ownsLocally(callKeyOf(n.callId)),
      )
    ) {
      this.status.ownerPath += notifications.length;
      return this.handledHere(notifications);
    }
    return this.route(request, notifications, this.options.routing);
  }

  private async route(
    request: WebhookRequest,
    notifications: readonly ParsedNotification[],
    routing: 'forward' | 'redirect',
  ): Promise<StepOutcome> {
    const tenantId = expectSet(request.principal, 'principal').tenantId;
    // One deadline for the whole request: the lookup, a takeover, forwards and handlers share it.
    const deadline = request.receivedAt + this.acknowledgement.budgetMs;
    const routes = await this.routesOf(notifications, tenantId, deadline);
    if (!routes) {
      this.status.withoutRedis += notifications.length;
      for (const n of notifications)
        if (isFirstNotification(n))
          this.ownership.claimLocally({ callId: n.callId, tenantId });
      return CONTINUE;
    }
    await this.afterTakeovers(routes, deadline);
    const here: ParsedNotification[] = [];
    const elsewhere = new Map<string, ParsedNotification[]>();
    const urls = new Map<string, string | undefined>();
    for (const n of notifications) {
      const route = routes.get(callKeyOf(n.callId)) as CallRoute;
      if (route.kind === 'here') here.push(n);
      else {
        elsewhere.set(route.instanceId, [
          ...(elsewhere.get(route.instanceId) ?? []),
          n,
        ]);
        urls.set(route.instanceId, route.url);
      }
    }
    if (elsewhere.size === 0) return this.handledHere(here);
    if (routing === 'redirect')
      return this.redirect(request, here, elsewhere, urls);
    return this.forward(request, here, elsewhere, deadline);
  }

  /** The owner of each call of the delivery, or `undefined` when Redis does not answer. */
  private async routesOf(
    notifications: readonly ParsedNotification[],
    tenantId: string,
    deadline: number,
  ): Promise<Map<string, CallRoute> | undefined> {
    const calls = new Map<string, { callId: string; first: boolean }>();
    for (const n of notifications) {
      const key = callKeyOf(n.callId);
      const call = calls.get(key);
      calls.set(key, {
        callId: call?.callId ?? n.callId,
        first: (call?.first ?? false) || isFirstNotification(n),
      });
    }
    try {
      const routes = await Promise.all(
        [...calls].map(async ([key, call]) => {
          const route = this.ownership.ownsLocally(key)
            ? ({ kind: 'here' } as const)
            : await this.ownership.route(
                call.callId,
                tenantId,
                call.first,
                deadline,
              );
          return [key, route] as const;
        }),
      );
      return new Map(routes);
    } catch (error) {
      if (this.redis().isFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * A call taken over just now from a dead instance may have older notifications in its inbox:
   * they go first (the platform expects each call's order), within a bound and the request's
   * deadline.
   */
  private async afterTakeovers(
    routes: Map<string, CallRoute>,
    deadline: number,
  ): Promise<void> {
    const budgetMs = Math.min(TAKEOVER_DRAIN_BUDGET_MS, remainingMs(deadline));
    const waits = [...routes].flatMap(([callKey, route]) =>
      route.kind === 'here' && route.takenOverFrom !== undefined
        ? [this.afterTakeover(route.takenOverFrom, callKey, budgetMs)]
        : [],
    );
    if (waits.length > 0) await Promise.all(waits);
  }

  private async afterTakeover(
    from: string,
    callKey: string,
    budgetMs: number,
  ): Promise<void> {
    if (!(await this.inbox.queuedBefore(from, callKey, budgetMs)))
      this.logger.warn(
        `What ${from} left of a call it owned was not all queued within ${Math.round(budgetMs)} ms: a newer notification may run first`,
      );
  }

  private redirect(
    request: WebhookRequest,
    here: readonly ParsedNotification[],
    elsewhere: Map<string, ParsedNotification[]>,
    urls: Map<string, string | undefined>,
  ): StepOutcome {
    const [owner] = elsewhere.keys();
    const url = urls.get(owner);
    // One owner elsewhere, with a URL: it gets the whole delivery. A delivery mixing calls of
    // several owners is rare; it is handled here rather than split (nothing is lost).
    if (here.length > 0 || elsewhere.size > 1 || url === undefined) {
      this.logger.debug(
        'A delivery for calls of several owners is handled here',
      );
      return CONTINUE;
    }
    this.status.redirected++;
    return redirectTo(url, request.target, 307);
  }

  /**
   * Hands each owner its notifications and handles this instance's own at the same time, all
   * within the request's deadline; the worst answer is the platform's. What could not be handed
   * over is handled here too (a duplicate at worst, never lost).
   */
  private async forward(
    request: WebhookRequest,
    here: readonly ParsedNotification[],
    elsewhere: Map<string, ParsedNotification[]>,
    deadline: number,
  ): Promise<StepOutcome> {
    const handover = {
      principal: expectSet(request.principal, 'principal'),
      headers: expectSet(request.headers, 'headers'),
      bodyDigest: request.bodyDigest,
    };
    const acknowledgeHere = (
      notifications: readonly ParsedNotification[],
    ): Promise<WebhookAnswer> => {
      this.noteEnded(notifications);
      return this.acknowledger.acknowledge(
        { ...handover, notifications, scope: request.frameworkRequest },
        remainingMs(deadline),
      ).answer;
    };
    const answers = [...elsewhere].map(async ([owner, notifications]) => {
      try {
        const answer = await this.forwarder.forward(
          owner,
          { ...handover, notifications },
          deadline,
        );
        this.status.forwarded += notifications.length;
        return answer;
      } catch (error) {
        if (error instanceof InboxGoneError || this.redis().isFailure(error))
          this.status.withoutRedis += notifications.length;
        else
          this.logger.error(
            `A notification could not be handed to its call's owner, handled here: ${describeError(error)}`,
          );
        return acknowledgeHere(notifications);
      }
    });
    if (here.length > 0) answers.push(acknowledgeHere(here));
    return worst(await Promise.all(answers));
  }

  private handledHere(
    notifications: readonly ParsedNotification[],
  ): StepOutcome {
    this.noteEnded(notifications);
    return CONTINUE;
  }

  /** The fleet's Redis: set whenever `fleet` is, which every path but the first line of `run` needs. */
  private redis(): FleetRedis {
    return expectSet(this.fleetRedis, 'the fleet Redis');
  }

  private noteEnded(notifications: readonly ParsedNotification[]): void {
    for (const n of notifications)
      if (isLastNotification(n)) this.ownership.ended(n.callId);
  }
}

/** A failure (the platform retries) wins over an acceptance. */
function worst(answers: readonly WebhookAnswer[]): WebhookAnswer {
  const failed = answers.find((answer) => answer.status >= 300);
  return failed ?? { status: 202 };
}
