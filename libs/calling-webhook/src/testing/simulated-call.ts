import { randomUUID } from 'node:crypto';
import type { CallDelivery } from './call-delivery.interface.js';
import { CallScenarioError } from './call-scenario.error.js';
import { hopEntries, type TranscriptEntry } from './call-transcript.js';
import { CallWaiter, type WaitCheck } from './call-waiter.js';
import {
  toneNotification,
  type ResultInfoInput,
} from './graph-notifications.js';
import type {
  LocalGraphCall,
  LocalGraphOperation,
  LocalGraphParticipant,
} from './local-graph-call.js';
import type { DeliveryResult } from './notification-sender.js';
import {
  NotificationQueue,
  type QueuedNotification,
} from './notification-queue.js';
import { PlatformReactions } from './platform-reactions.js';
import type { RecordedGraphRequest } from './recorded-graph-request.js';
import type {
  CallEnder,
  SimulatedCallInit,
} from './simulated-call.interface.js';

const ACCEPTED = (status: number) => status >= 200 && status < 300;

/**
 * A call as the local platform plays it against a bot (placed to it, or placed by it): what it
 * delivered, what the bot did through Graph, how the platform followed that up (see
 * `PlatformReactions`), and waits with timeouts and clear errors.
 */
export abstract class SimulatedCall {
  /** The call id (Graph's `/communications/calls/{id}`). */
  readonly id: string;
  readonly tenantId: string;
  /** The platform's `X-Microsoft-Skype-Chain-ID` for every notification of this call. */
  readonly chainId = randomUUID();

  protected readonly waiter: CallWaiter;
  protected readonly platform: PlatformReactions;
  protected readonly delivered: CallDelivery[] = [];
  private readonly entries: TranscriptEntry[] = [];
  private readonly queue: NotificationQueue;
  private readonly unsubscribe: () => void;

  protected constructor(protected readonly init: SimulatedCallInit) {
    this.id = init.callId;
    this.tenantId = init.tenantId;
    this.waiter = new CallWaiter(this.id, () => this.summary());
    this.queue = new NotificationQueue((n, messageId) =>
      this.send(n, messageId),
    );
    for (const what of init.deliverTwice ?? []) this.queue.deliverTwice(what);
    for (const [first, second] of init.deliverOutOfOrder ?? [])
      this.queue.deliverOutOfOrder(first, second);
    this.platform = new PlatformReactions(this.id, init.graph, init, (n) =>
      this.queue.push(n),
    );
    this.unsubscribe = init.graph.onRequest((request) => {
      if (request.callId !== this.id || request.action === 'create') return;
      this.entries.push({
        kind: 'graph',
        at: request.receivedAt,
        method: request.method,
        path: request.path,
        action: request.action,
        status: request.status,
      });
      if (ACCEPTED(request.status)) this.react(request);
      this.waiter.changed();
    });
  }

  /** The call's state: `establishing`, `established`, `terminated`, ... */
  get state(): LocalGraphCall['state'] {
    return this.graphCall.state;
  }

  /** Who ended the call (`bot`, `caller`, `platform`), once it ended. */
  get hungUpBy(): CallEnder | undefined {
    return this.platform.endedBy;
  }

  /** Every notification delivered so far, oldest first (a redelivery too). */
  get deliveries(): readonly CallDelivery[] {
    return [...this.delivered];
  }

  /** The bot's Graph requests about this call, oldest first. */
  get graphRequests(): readonly RecordedGraphRequest[] {
    return this.init.graph.requests.filter((r) => r.callId === this.id);
  }

  /** Notifications (each hop) and Graph requests, in time order. */
  get transcript(): readonly TranscriptEntry[] {
    return [...this.entries].sort((a, b) => a.at - b.at);
  }

  /** When the bot sent each keepAlive (epoch milliseconds). */
  get keepAlives(): readonly number[] {
    return [...this.graphCall.keepAlives];
  }

  /** Who is in the call now, the bot included, as Graph's roster notifications tell it. */
  get roster(): readonly LocalGraphParticipant[] {
    return [...this.graphCall.roster];
  }

  /** The operations the bot started, and how they ended (`status`, `endedAt`). */
  get operations(): readonly LocalGraphOperation[] {
    return [...this.graphCall.operations];
  }

  /** Where the platform posts this call's next notification. */
  abstract get notificationUrl(): string;

  /** Delivers a notification to the call's notification URL, after those already queued. */
  notify(
    what: string,
    body: unknown,
    legacyBody?: unknown,
  ): Promise<CallDelivery> {
    return this.queue.push({ what, body, legacyBody });
  }

  /** The next notification named `what` is delivered twice (a redelivery, same message id). */
  deliverTwice(what: string): void {
    this.queue.deliverTwice(what);
  }

  /** The next notification named `first` arrives only after the next one named `second`. */
  deliverOutOfOrder(first: string, second: string): void {
    this.queue.deliverOutOfOrder(first, second);
  }

  /**
   * The next operation of `type` (`playPrompt`, `record`, `sendDtmfTones`, `inviteParticipants`,
   * `startHoldMusic`, `subscribeToTone`, `muteParticipant`, ...) ends `failed` with `resultInfo`:
   * a running one in its completion notification, one Graph answers at once in its answer.
   */
  failNextOperation(
    type: string,
    resultInfo: ResultInfoInput = {
      code: 500,
      subcode: 0,
      message: 'Action failed.',
    },
  ): void {
    this.graphCall.failures.push({ type, resultInfo });
  }

  /** A DTMF key pressed in the call: a tone notification (`tone1`, ..., `star`, `pound`). */
  sendTone(tone = 'tone1'): Promise<CallDelivery> {
    return this.notify(`tone ${tone}`, toneNotification(this.id, tone));
  }

  /** The platform loses the call without telling the bot: later requests about it get `404`. */
  forget(): void {
    this.init.graph.forgetCall(this.id);
    this.platform.stop();
  }

  /** Waits until the bot accepted the `established` notification. */
  established(timeoutMs = this.init.timeoutMs): Promise<CallDelivery> {
    return this.delivery('established', timeoutMs);
  }

  /** Waits until the bot accepted the `terminated` notification (whoever ended the call). */
  terminated(timeoutMs = this.init.timeoutMs): Promise<CallDelivery> {
    return this.delivery('terminated', timeoutMs);
  }

  /** Waits until the bot accepted a notification of this name (`participants`, `playPrompt completed`, ...). */
  delivery(
    what: string,
    timeoutMs = this.init.timeoutMs,
  ): Promise<CallDelivery> {
    return this.waitFor<CallDelivery>(
      `accepted "${what}" notification`,
      timeoutMs,
      () => {
        const found = this.delivered.find((d) => d.what === what);
        if (!found) return undefined;
        if (found.accepted) return { value: found };
        return {
          error: `the bot answered the "${what}" notification with ${describe(found.result)}`,
        };
      },
    );
  }

  /** Waits for a Graph request of the bot about this call (`playPrompt`, `keepAlive`, `delete`, ...). */
  graphRequest(
    action: string,
    timeoutMs = this.init.timeoutMs,
  ): Promise<RecordedGraphRequest> {
    return this.waitFor<RecordedGraphRequest>(
      `Graph ${action} request`,
      timeoutMs,
      () => {
        const found = this.graphRequests.find((r) => r.action === action);
        return found && { value: found };
      },
    );
  }

  /** Waits until every queued notification was delivered. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /** Stops reacting to Graph requests; pending waits fail with `reason`. */
  close(reason = 'the platform was closed'): void {
    this.unsubscribe();
    this.platform.stop();
    this.waiter.close(reason);
  }

  protected get graphCall(): LocalGraphCall {
    const call = this.init.graph.calls.get(this.id);
    if (!call)
      throw new CallScenarioError(
        `call ${this.id} is unknown to the local Graph`,
      );
    return call;
  }

  /** Follows up an accepted Graph request of the bot; subclasses add their own. */
  protected react(request: RecordedGraphRequest): void {
    this.platform.react(request);
  }

  protected waitFor<T>(
    what: string,
    timeoutMs: number,
    check: WaitCheck<T>,
  ): Promise<T> {
    return this.waiter.waitFor(what, timeoutMs, check);
  }

  private async send(
    n: QueuedNotification,
    messageId?: string,
  ): Promise<CallDelivery> {
    const result = await this.init.sender.deliver(
      this.notificationUrl,
      n.body,
      {
        legacyBody: n.legacyBody,
        chainId: this.chainId,
        messageId,
        // The platform retries a failed delivery; a 503 (keys still loading) gets one more try.
        retryUnavailable: 1,
      },
    );
    const delivery = {
      what: n.what,
      result,
      accepted: ACCEPTED(result.status),
    };
    // Before waiters hear of it, so that what they read already matches this notification.
    n.onDelivered?.(delivery);
    this.delivered.push(delivery);
    this.entries.push(...hopEntries(n.what, result.hops));
    this.waiter.changed();
    return delivery;
  }

  private summary(): string {
    const notes = this.delivered.map(
      (d) => `${d.what} → ${describe(d.result)}`,
    );
    const requests = this.graphRequests.map(
      (r) => `${r.action ?? r.method} ${r.status}`,
    );
    return `notifications: ${notes.join(', ') || 'none'}; bot's Graph requests: ${requests.join(', ') || 'none'}`;
  }
}

/** A delivery's outcome in a few words: the status, or why none came. */
export function describe(result: DeliveryResult): string {
  const last = result.hops[result.hops.length - 1];
  return last?.error ? `no answer (${last.error})` : String(result.status);
}
