import type { CallDelivery } from './call-delivery.interface.js';
import type { CallIdentity } from './graph-notifications.js';
import type { LocalGraphCall } from './local-graph-call.js';
import type { RecordedGraphRequest } from './recorded-graph-request.js';
import { describe, SimulatedCall } from './simulated-call.js';
import type { SimulatedCallInit } from './simulated-call.interface.js';

/** A placed call's state as the platform sees it. */
export type PlacedCallState = LocalGraphCall['state'];

/** What a placed call was made of (given by `LocalCallingPlatform.placeCall`). */
export interface PlacedCallInit extends SimulatedCallInit {
  readonly from: CallIdentity;
  readonly to: CallIdentity;
  /** The bot's webhook URL the call was placed to. */
  readonly target: string;
}

const ACCEPTED = (status: number) => status >= 200 && status < 300;
const DECISIONS = ['answer', 'reject', 'redirect'];

/**
 * A call the local platform placed to a bot. Besides what every simulated call does, an answer
 * is followed by `establishing`, `established` and a roster, and opens the keepAlive window.
 * Notifications go to the answer's `callbackUri`, else to where the incoming call was accepted
 * (after redirects).
 */
export class PlacedCall extends SimulatedCall {
  constructor(private readonly placed: PlacedCallInit) {
    super(placed);
    placed.graph.addCall(this.id, this.tenantId, {
      bot: placed.to,
      others: [{ identity: placed.from, kind: 'user' }],
    });
  }

  /** The `callbackUri` the bot gave when it answered, if any. */
  get callbackUri(): string | undefined {
    return this.graphCall.callbackUri;
  }

  get notificationUrl(): string {
    return (
      this.callbackUri ??
      this.delivered[0]?.result.finalUrl ??
      this.placed.target
    );
  }

  /** The bot subscribed to DTMF tones. */
  get toneSubscribed(): boolean {
    return this.graphRequests.some(
      (r) => r.action === 'subscribeToTone' && ACCEPTED(r.status),
    );
  }

  /** The caller hangs up: the call ends and the bot gets `terminated`. */
  async hangUp(): Promise<CallDelivery> {
    if (this.hungUpBy) return this.terminated();
    return this.platform.end('caller');
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
        (r) => DECISIONS.includes(r.action ?? '') && ACCEPTED(r.status),
      );
      if (decision)
        return { value: decision.action as 'answer' | 'reject' | 'redirect' };
      return this.refusal();
    });
  }

  protected override react(request: RecordedGraphRequest): void {
    super.react(request);
    if (request.action !== 'answer') return;
    this.platform.startKeepAliveWindow();
    if (this.placed.autoEstablish ?? true) this.platform.establish();
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
        DECISIONS.includes(r.action ?? '') &&
        ACCEPTED(r.status),
    );
    return (
      other && { error: `the bot chose to ${other.action} the call instead` }
    );
  }
}
