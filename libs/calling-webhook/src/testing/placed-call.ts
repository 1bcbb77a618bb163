import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { CallScenarioError } from './call-scenario.error.js';
import { hopEntries, type TranscriptEntry } from './call-transcript.js';
import {
  callStateNotification,
  callTerminatedNotification,
  operationCompletedNotification,
  participantsNotification,
  toneNotification,
  type CallIdentity,
} from './graph-notifications.js';
import type {
  LocalGraphApi,
  LocalGraphCall,
  RecordedGraphRequest,
} from './local-graph-api.js';
import type {
  DeliveryResult,
  NotificationSender,
} from './notification-sender.js';

/** One notification the platform delivered to the bot, and how the bot answered it. */
export interface CallDelivery {
  /** What it says: `incoming call`, `establishing`, `established`, `participants`, ... */
  readonly what: string;
  readonly result: DeliveryResult;
  /** The bot's final answer was 2xx (after a legacy 204 and redirects). */
  readonly accepted: boolean;
}

/** A placed call's state as the platform sees it. */
export type PlacedCallState = LocalGraphCall['state'];

/** What a placed call was made of (given by `LocalCallingPlatform.placeCall`). */
export interface PlacedCallInit {
  readonly callId: string;
  readonly tenantId: string;
  readonly from: CallIdentity;
  readonly to: CallIdentity;
  /** The bot's webhook URL the call was placed to. */
  readonly target: string;
  readonly graph: LocalGraphApi;
  readonly sender: NotificationSender;
  /** Default wait of `answered()` and the other waits. */
  readonly timeoutMs: number;
  /** Send `establishing`, `established` and a roster after an answer. */
  readonly autoEstablish: boolean;
}

const ACCEPTED = (status: number) => status >= 200 && status < 300;

/**
 * A call the local platform placed to a bot: what the platform sent, what the bot did through
 * Graph, and waits with timeouts and clear errors. The platform reacts to the bot as Teams does:
 * an answer is followed by `establishing`, `established` and a roster; a prompt by its completed
 * operation; a hang-up (`DELETE`) by `terminated`. Notifications go to the answer's `callbackUri`,
 * else to where the incoming call was accepted (after redirects).
 */
export class PlacedCall {
  /** The call id (Graph's `/communications/calls/{id}`). */
  readonly id: string;
  readonly tenantId: string;
  /** The platform's `X-Microsoft-Skype-Chain-ID` for every notification of this call. */
  readonly chainId = randomUUID();
  /** Who hung up, once the call is terminated. */
  hungUpBy: 'bot' | 'caller' | undefined;

  private readonly delivered: CallDelivery[] = [];
  private readonly entries: TranscriptEntry[] = [];
  private readonly changes = new EventEmitter<{ change: [] }>();
  private queue: Promise<unknown> = Promise.resolve();
  private answeredCallbackUri: string | undefined;
  private closedReason: string | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly init: PlacedCallInit) {
    this.id = init.callId;
    this.tenantId = init.tenantId;
    init.graph.addCall(this.id, this.tenantId);
    this.changes.setMaxListeners(0);
    this.unsubscribe = init.graph.onRequest((request) => {
      if (request.callId !== this.id) return;
      this.entries.push({
        kind: 'graph',
        at: request.receivedAt,
        method: request.method,
        path: request.path,
        action: request.action,
        status: request.status,
      });
      if (ACCEPTED(request.status)) this.react(request);
      this.changes.emit('change');
    });
  }

  /** The call's state: `incoming`, `establishing`, `established`, `terminated`, ... */
  get state(): PlacedCallState {
    return this.graphCall.state;
  }

  /** The `callbackUri` the bot gave when it answered, if any. */
  get callbackUri(): string | undefined {
    return this.answeredCallbackUri;
  }

  /** Where the platform posts this call's next notification. */
  get notificationUrl(): string {
    return (
      this.answeredCallbackUri ??
      this.delivered[0]?.result.finalUrl ??
      this.init.target
    );
  }

  /** Every notification delivered so far, oldest first. */
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

  /** The bot subscribed to DTMF tones. */
  get toneSubscribed(): boolean {
    return this.graphRequests.some(
      (r) => r.action === 'subscribeToTone' && ACCEPTED(r.status),
    );
  }

  /** Delivers a notification to the call's notification URL, after those already queued. */
  notify(
    what: string,
    body: unknown,
    legacyBody?: unknown,
  ): Promise<CallDelivery> {
    return this.enqueue(what, body, legacyBody);
  }

  /**
   * Queues a delivery; `onDelivered` runs before anyone waiting on the call hears of it, so that
   * what they read (the call's state) already matches the notification they waited for.
   */
  private enqueue(
    what: string,
    body: unknown,
    legacyBody?: unknown,
    onDelivered?: (delivery: CallDelivery) => void,
  ): Promise<CallDelivery> {
    const send = async (): Promise<CallDelivery> => {
      const result = await this.init.sender.deliver(
        this.notificationUrl,
        body,
        {
          legacyBody,
          chainId: this.chainId,
          // The platform retries a failed delivery; a 503 (keys still loading) gets one more try.
          retryUnavailable: 1,
        },
      );
      const delivery = { what, result, accepted: ACCEPTED(result.status) };
      onDelivered?.(delivery);
      this.delivered.push(delivery);
      this.entries.push(...hopEntries(what, result.hops));
      this.changes.emit('change');
      return delivery;
    };
    const next = this.queue.then(send);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The caller presses a key: a tone notification (`tone1`, ..., `star`, `pound`). */
  sendTone(tone = 'tone1'): Promise<CallDelivery> {
    return this.notify(`tone ${tone}`, toneNotification(this.id, tone));
  }

  /** The caller hangs up: the call ends and the bot gets `terminated`. */
  async hangUp(): Promise<CallDelivery> {
    if (this.hungUpBy) return this.terminated();
    this.graphCall.state = 'terminated';
    this.hungUpBy = 'caller';
    return this.notify('terminated', callTerminatedNotification(this.id));
  }

  /** Waits for the bot to answer through Graph; fails on a refusal, a reject, or after the timeout. */
  answered(timeoutMs = this.init.timeoutMs): Promise<RecordedGraphRequest> {
    return this.waitFor('answer (POST .../answer)', timeoutMs, () => {
      const answer = this.graphRequests.find((r) => r.action === 'answer');
      if (answer && ACCEPTED(answer.status)) return { value: answer };
      return this.refusal() ?? this.decisionOtherThan('answer');
    });
  }

  /** Waits for the bot's decision on the call: answered, rejected or redirected. */
  decided(
    timeoutMs = this.init.timeoutMs,
  ): Promise<'answer' | 'reject' | 'redirect'> {
    return this.waitFor('answer, reject or redirect', timeoutMs, () => {
      const decision = this.graphRequests.find(
        (r) =>
          ['answer', 'reject', 'redirect'].includes(r.action ?? '') &&
          ACCEPTED(r.status),
      );
      if (decision)
        return { value: decision.action as 'answer' | 'reject' | 'redirect' };
      return this.refusal();
    });
  }

  /** Waits until the bot accepted the `established` notification. */
  established(timeoutMs = this.init.timeoutMs): Promise<CallDelivery> {
    return this.delivery('established', timeoutMs);
  }

  /** Waits until the bot accepted the `terminated` notification (whoever hung up). */
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

  /** Waits for a Graph request of the bot about this call (`playPrompt`, `delete`, ...). */
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
    await this.queue;
  }

  /** Stops reacting to Graph requests; pending waits fail with `reason`. */
  close(reason = 'the platform was closed'): void {
    this.closedReason = reason;
    this.unsubscribe();
    this.changes.emit('change');
  }

  private get graphCall(): LocalGraphCall {
    const call = this.init.graph.calls.get(this.id);
    if (!call)
      throw new CallScenarioError(
        `call ${this.id} is unknown to the local Graph`,
      );
    return call;
  }

  // The platform's side of the bot's Graph requests, as Teams follows them up.
  private react(request: RecordedGraphRequest): void {
    const body = request.body as Record<string, unknown> | undefined;
    if (request.action === 'answer') {
      const uri = body?.callbackUri;
      this.answeredCallbackUri = typeof uri === 'string' ? uri : undefined;
      if (this.init.autoEstablish) this.establish();
    }
    if (request.action === 'playPrompt') {
      const operation = request.response as
        { id?: string; clientContext?: string } | undefined;
      void this.notify(
        'playPrompt completed',
        operationCompletedNotification(this.id, {
          id: operation?.id ?? randomUUID(),
          type: 'playPrompt',
          clientContext: operation?.clientContext ?? undefined,
        }),
      );
    }
    // A DELETE after the caller hung up ends nothing more.
    if (request.action === 'delete' && !this.hungUpBy) {
      this.hungUpBy = 'bot';
      void this.notify('terminated', callTerminatedNotification(this.id));
    }
  }

  private establish(): void {
    void this.notify(
      'establishing',
      callStateNotification(this.id, 'establishing'),
    );
    void this.enqueue(
      'established',
      callStateNotification(this.id, 'established'),
      undefined,
      () => {
        if (this.graphCall.state === 'establishing')
          this.graphCall.state = 'established';
      },
    );
    void this.notify(
      'participants',
      participantsNotification(this.id, [
        { identity: this.init.from, kind: 'user' },
        { identity: this.init.to, kind: 'application' },
      ]),
    );
  }

  private refusal(): { error: string } | undefined {
    const incoming = this.delivered[0];
    if (incoming && !incoming.accepted)
      return {
        error: `the bot answered the incoming call notification with ${describe(incoming.result)}`,
      };
    const refused = this.graphRequests.find(
      (r) => r.status >= 400 && r.status < 500 && r.status !== 429,
    );
    if (refused)
      return {
        error: `Graph refused the bot's ${refused.action ?? refused.method} with ${refused.status} (check the bot's graphBaseUrl, authorityHost, app id and secret)`,
      };
    return undefined;
  }

  private decisionOtherThan(action: string): { error: string } | undefined {
    const other = this.graphRequests.find(
      (r) =>
        r.action !== action &&
        ['answer', 'reject', 'redirect'].includes(r.action ?? '') &&
        ACCEPTED(r.status),
    );
    return (
      other && { error: `the bot chose to ${other.action} the call instead` }
    );
  }

  private waitFor<T>(
    what: string,
    timeoutMs: number,
    check: () => { value: T } | { error: string } | undefined,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (): boolean => {
        const outcome = check();
        if (outcome && 'value' in outcome) resolve(outcome.value);
        else if (outcome)
          reject(new CallScenarioError(`call ${this.id}: ${outcome.error}`));
        else if (this.closedReason)
          reject(
            new CallScenarioError(
              `call ${this.id}: ${this.closedReason} while waiting for ${what}`,
            ),
          );
        else return false;
        return true;
      };
      if (settle()) return;
      const onChange = () => {
        if (!settle()) return;
        clearTimeout(timer);
        this.changes.off('change', onChange);
      };
      const timer = setTimeout(() => {
        this.changes.off('change', onChange);
        reject(
          new CallScenarioError(
            `call ${this.id}: no ${what} within ${timeoutMs} ms (${this.summary()})`,
          ),
        );
      }, timeoutMs);
      this.changes.on('change', onChange);
    });
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

function describe(result: DeliveryResult): string {
  const last = result.hops[result.hops.length - 1];
  return last?.error ? `no answer (${last.error})` : String(result.status);
}
