import type { ToneInfo } from '@microsoft/microsoft-graph-types';
import { CallEndedError } from './call-operation.errors.js';
import type { CallEnd } from './call-record.interface.js';
import type { CallTask } from './call-task.interface.js';
import type { PendingOperation } from './pending-operation.js';

interface ToneWaiter {
  readonly resolve: (tone: ToneInfo | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * What this process holds of one call besides its record: the notifications waiting for their
 * turn, the operations whose completion is awaited, and who waits for a tone. None of it can be
 * stored (promises, timers). It is kept while the call lives, so that its notifications find it.
 */
export class LiveCall {
  /** Notifications waiting for their turn, oldest first. */
  readonly queue: CallTask[] = [];
  /** One of its notifications is being dispatched. */
  draining = false;
  /** Its record says it ended: once idle it is forgotten at once. */
  over = false;
  // Made when first needed: most calls pass through here with one notification and nothing awaited.
  private operations: Map<string, PendingOperation> | undefined;
  private toneWaiters: ToneWaiter[] | undefined;

  constructor(
    /** `callKeyOf(callId)`. */
    readonly key: string,
    private readonly onIdle: (call: LiveCall) => void,
  ) {}

  /** Nothing queued, dispatched or awaited: it can be forgotten. */
  get idle(): boolean {
    return (
      !this.draining &&
      this.queue.length === 0 &&
      !this.operations?.size &&
      !this.toneWaiters?.length
    );
  }

  /** Awaits the completion of `operation`; operations older than `maxAgeMs` are given up. */
  track(operation: PendingOperation, maxAgeMs: number): void {
    const oldest = Date.now() - maxAgeMs;
    this.operations ??= new Map();
    // A completion that never comes (a lost call, with keepAlive off) must not pile up.
    for (const [context, pending] of this.operations)
      if (pending.startedAt < oldest) this.operations.delete(context);
    this.operations.set(operation.clientContext, operation);
  }

  /** Stops awaiting `operation` (its request failed, or it settled). */
  untrack(operation: PendingOperation): void {
    if (this.operations?.get(operation.clientContext) === operation) {
      this.operations.delete(operation.clientContext);
      this.releaseIfIdle();
    }
  }

  /** The awaited operation a completion names: by `clientContext`, else by its operation id. */
  operationFor(
    clientContext: string | undefined,
    operationKey: string | undefined,
  ): PendingOperation | undefined {
    if (!this.operations) return undefined;
    const byContext =
      clientContext === undefined
        ? undefined
        : this.operations.get(clientContext);
    if (byContext || operationKey === undefined) return byContext;
    for (const pending of this.operations.values())
      if (pending.operationKey === operationKey) return pending;
    return undefined;
  }

  /** Resolves with the next tone of the call; `undefined` when it ends or `timeoutMs` passes first. */
  nextTone(timeoutMs: number): Promise<ToneInfo | undefined> {
    const waiters = (this.toneWaiters ??= []);
    return new Promise((resolve) => {
      const waiter: ToneWaiter = {
        resolve,
        timer: setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(undefined);
          this.releaseIfIdle();
        }, timeoutMs),
      };
      waiter.timer.unref();
      waiters.push(waiter);
    });
  }

  /** A tone arrived: everyone waiting for one has it. */
  toneArrived(tone: ToneInfo): void {
    this.resolveToneWaiters(tone);
  }

  /** The call ended: awaited operations fail with `CallEndedError`, tone waits end empty. */
  ended(callId: string, end: CallEnd): void {
    if (this.operations?.size) {
      const error = new CallEndedError(callId, end);
      for (const pending of this.operations.values())
        pending.settle({ ok: false, error });
      this.operations.clear();
    }
    this.resolveToneWaiters(undefined);
  }

  /** Tells its keeper once nothing is queued or awaited any more. */
  releaseIfIdle(): void {
    if (this.idle) this.onIdle(this);
  }

  private resolveToneWaiters(tone: ToneInfo | undefined): void {
    if (!this.toneWaiters?.length) return;
    for (const waiter of this.toneWaiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(tone);
    }
    this.releaseIfIdle();
  }
}
