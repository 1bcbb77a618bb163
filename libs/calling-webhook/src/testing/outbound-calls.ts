import { CallScenarioError } from './call-scenario.error.js';
import type { LocalGraphApi } from './local-graph-api.js';
import type { NotificationSender } from './notification-sender.js';
import { OutboundCall } from './outbound-call.js';
import type { RecordedGraphRequest } from './recorded-graph-request.js';
import type { SimulatedCallOptions } from './simulated-call.interface.js';

/**
 * The calls a bot places through the platform's Graph: each `201` to a
 * `POST /communications/calls` becomes an `OutboundCall`, played with the options of whoever
 * waits for it (`next()`), else with the defaults.
 */
export class OutboundCalls {
  /** Every call the bot placed, oldest first. */
  readonly calls: OutboundCall[] = [];
  private readonly waiting: {
    options: SimulatedCallOptions;
    resolve: (call: OutboundCall) => void;
  }[] = [];

  constructor(
    private readonly graph: LocalGraphApi,
    private readonly sender: (tenantId: string) => NotificationSender,
    private readonly timeoutMs: (options: SimulatedCallOptions) => number,
  ) {
    graph.onRequest((request) => {
      if (request.action === 'create' && request.status === 201)
        this.adopt(request);
    });
  }

  /** The call with this id, once Graph created it. */
  byId(callId: string): OutboundCall | undefined {
    return this.calls.find((call) => call.id === callId);
  }

  /** The next call the bot places, played with `options`. */
  next(options: SimulatedCallOptions): Promise<OutboundCall> {
    const timeoutMs = this.timeoutMs(options);
    return new Promise<OutboundCall>((resolve, reject) => {
      const waiting = {
        options,
        resolve: (call: OutboundCall) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiting), 1);
        reject(
          new CallScenarioError(
            `the bot placed no call within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiting.push(waiting);
    });
  }

  private adopt(created: RecordedGraphRequest): void {
    const graphCall = this.graph.calls.get(created.callId ?? '');
    if (!graphCall) return;
    const waiting = this.waiting.shift();
    const options = waiting?.options ?? {};
    const call = new OutboundCall({
      ...options,
      callId: graphCall.id,
      tenantId: graphCall.tenantId,
      graph: this.graph,
      sender: this.sender(graphCall.tenantId),
      timeoutMs: this.timeoutMs(options),
      created,
    });
    this.calls.push(call);
    waiting?.resolve(call);
  }
}
