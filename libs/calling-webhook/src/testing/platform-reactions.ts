import type { CallDelivery } from './call-delivery.interface.js';
import {
  callStateNotification,
  callTerminatedNotification,
  operationCompletedNotification,
  participantsNotification,
  type ResultInfoInput,
} from './graph-notifications.js';
import type { OperationOutcome } from './graph-operations.js';
import type { LocalGraphApi } from './local-graph-api.js';
import type { QueuedNotification } from './notification-queue.js';
import type { RecordedGraphRequest } from './recorded-graph-request.js';
import type {
  CallEnder,
  SimulatedCallOptions,
} from './simulated-call.interface.js';

const RUNNING_OPERATIONS = new Set([
  'playPrompt',
  'recordResponse',
  'sendDtmfTones',
  'invite',
  'startHoldMusic',
  'stopHoldMusic',
]);
const ROSTER_CHANGES = new Set([
  'mute',
  'unmute',
  'muteParticipant',
  'removeParticipant',
]);
const KEEP_ALIVE_TIMEOUT: ResultInfoInput = {
  code: 408,
  subcode: 8537,
  message: 'Keep Alive timeout',
};
const KEEP_ALIVE_WINDOW_MS = 45 * 60_000;

/**
 * The platform's side of a call, as Teams follows the bot's Graph requests up: running
 * operations end with a notification (id re-formatted, `clientContext` echoed), a cancel fails
 * prompts and recordings, mutes, removals and invitations change the roster, a hang-up gives
 * `terminated`, and a call without keepAlive for its window ends with `408`/`8537`.
 */
export class PlatformReactions {
  /** Who ended the call, once it ended. */
  endedBy: CallEnder | undefined;

  private readonly timers = new Set<NodeJS.Timeout>();
  private keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly callId: string,
    private readonly graph: LocalGraphApi,
    private readonly options: SimulatedCallOptions,
    private readonly notify: (n: QueuedNotification) => Promise<CallDelivery>,
  ) {}

  /** Follows up one accepted Graph request of the bot about this call. */
  react(request: RecordedGraphRequest): void {
    const action = request.action ?? '';
    if (action === 'keepAlive') this.startKeepAliveWindow();
    if (RUNNING_OPERATIONS.has(action)) {
      const id = (request.response as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') this.later(() => this.complete(id));
    }
    if (action === 'cancelMediaProcessing')
      for (const outcome of this.graph.cancelMediaOperations(this.callId))
        void this.notifyOutcome(outcome);
    if (ROSTER_CHANGES.has(action)) void this.notifyRoster();
    // A DELETE after the call ended ends nothing more.
    if (action === 'delete' && !this.endedBy) void this.end('bot');
  }

  /** `establishing`, `established` (the call is established once delivered), the roster. */
  establish(): void {
    void this.notify({
      what: 'establishing',
      body: callStateNotification(this.callId, 'establishing'),
    });
    void this.notify({
      what: 'established',
      body: callStateNotification(this.callId, 'established'),
      onDelivered: () => {
        const call = this.graph.calls.get(this.callId);
        if (call?.state === 'establishing') call.state = 'established';
      },
    });
    void this.notifyRoster();
  }

  /** (Re)opens the window in which the bot must send a keepAlive. */
  startKeepAliveWindow(): void {
    if (this.keepAliveTimer) {
      clearTimeout(this.keepAliveTimer);
      this.timers.delete(this.keepAliveTimer);
    }
    this.keepAliveTimer = this.timer(
      () => void this.end('platform', KEEP_ALIVE_TIMEOUT),
      this.options.keepAliveTimeoutMs ?? KEEP_ALIVE_WINDOW_MS,
    );
  }

  /** Ends the call: Graph forgets it, the bot gets `terminated` (with why, when given). */
  end(by: CallEnder, result?: ResultInfoInput): Promise<CallDelivery> {
    this.endedBy = by;
    this.graph.endCall(this.callId);
    this.stop();
    return this.notify({
      what: 'terminated',
      body: callTerminatedNotification(this.callId, result),
    });
  }

  /** Cancels pending completions and the keepAlive window. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.keepAliveTimer = undefined;
  }

  private complete(operationId: string): void {
    const outcome = this.graph.completeOperation(this.callId, operationId);
    if (!outcome) return;
    void this.notifyOutcome(outcome);
    if (outcome.operation.type === 'inviteParticipants')
      void this.notifyRoster();
  }

  private notifyOutcome({
    operation,
    resultInfo,
    details,
  }: OperationOutcome): Promise<CallDelivery> {
    const status = operation.status === 'failed' ? 'failed' : 'completed';
    return this.notify({
      what: `${operation.type} ${status}`,
      body: operationCompletedNotification(this.callId, {
        id: operation.id,
        type: operation.type,
        clientContext: operation.clientContext,
        status,
        resultInfo,
        details,
      }),
    });
  }

  private notifyRoster(): Promise<CallDelivery> {
    const roster = this.graph.calls.get(this.callId)?.roster ?? [];
    return this.notify({
      what: 'participants',
      body: participantsNotification(this.callId, roster),
    });
  }

  // Runs `task` after the operation duration: at once when it is 0.
  private later(task: () => void): void {
    const delay = this.options.operationDurationMs ?? 0;
    if (delay <= 0) task();
    else this.timer(task, delay);
  }

  private timer(task: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, delayMs);
    // A test's process must not wait on a 45-minute keepAlive window.
    timer.unref();
    this.timers.add(timer);
    return timer;
  }
}
