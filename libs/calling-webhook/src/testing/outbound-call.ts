import type { RecordedGraphRequest } from './recorded-graph-request.js';
import { SimulatedCall } from './simulated-call.js';
import type { SimulatedCallInit } from './simulated-call.interface.js';

/** What a call the bot placed is made of (given by the `LocalCallingPlatform`). */
export interface OutboundCallInit extends SimulatedCallInit {
  /** The bot's `POST /communications/calls`, as Graph answered it (`201`). */
  readonly created: RecordedGraphRequest;
}

/**
 * A call the bot placed (a Teams user, a group, a phone number) or a meeting it joined, as the
 * platform plays it: `establishing`, `established` and a roster go to the call's `callbackUri`,
 * the keepAlive window opens, and the bot's later Graph requests are followed up as for any call.
 */
export class OutboundCall extends SimulatedCall {
  /** The bot's `POST /communications/calls` and what Graph answered. */
  readonly created: RecordedGraphRequest;

  constructor(init: OutboundCallInit) {
    super(init);
    this.created = init.created;
    this.platform.startKeepAliveWindow();
    if (init.autoEstablish ?? true) this.platform.establish();
  }

  /** What the bot asked for: targets, or a meeting's `chatInfo` and `meetingInfo`, ... */
  get request(): Readonly<Record<string, unknown>> {
    return this.graphCall.placedWith ?? {};
  }

  get notificationUrl(): string {
    // Graph refuses to place a call without a callbackUri, so an outbound call always has one.
    return this.graphCall.callbackUri ?? '';
  }

  /** The other side hangs up: the call ends and the bot gets `terminated`. */
  async hangUp(): Promise<void> {
    if (!this.hungUpBy) await this.platform.end('caller');
  }
}
