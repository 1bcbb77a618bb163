import type { CommsOperation } from '@microsoft/microsoft-graph-types';
import { OperationTimeoutError } from './call-operation.errors.js';
import { operationKeyOf } from './operation-key.js';

type Outcome =
  | { readonly ok: true; readonly operation: CommsOperation }
  | { readonly ok: false; readonly error: Error };

interface Waiter {
  readonly resolve: (operation: CommsOperation) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * An operation the app started, until its completion arrives: registered before the request is
 * sent (the completion may arrive before Graph's answer does), settled once by the completion,
 * a failure or the call's end. Its outcome waits for whoever awaits it; a promise exists only
 * once someone does, so that an outcome nobody awaits is never an unhandled rejection.
 */
export class PendingOperation {
  /** Epoch milliseconds. */
  readonly startedAt = Date.now();
  /** The operation id Graph answered with, normalised (`operationKeyOf`). */
  operationKey: string | undefined;
  private outcome: Outcome | undefined;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly callKey: string,
    readonly clientContext: string,
  ) {}

  /** The completion (or failure, or end) arrived. */
  get settled(): boolean {
    return this.outcome !== undefined;
  }

  /** Graph answered the request: its operation id, for completions that echo no `clientContext`. */
  identify(operationId: string | null | undefined): void {
    if (operationId) this.operationKey = operationKeyOf(operationId);
  }

  /** Settles with the finished operation, or an error; later calls do nothing. */
  settle(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      if (outcome.ok) waiter.resolve(outcome.operation);
      else waiter.reject(outcome.error);
    }
  }

  /** Resolves with the finished operation; rejects with its error, or after `timeoutMs`. */
  completed<T extends CommsOperation>(timeoutMs: number): Promise<T> {
    const outcome = this.outcome;
    if (outcome)
      return outcome.ok
        ? Promise.resolve(outcome.operation as T)
        : Promise.reject(outcome.error);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: resolve as (operation: CommsOperation) => void,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new OperationTimeoutError(this.clientContext, timeoutMs));
        }, timeoutMs),
      };
      // A wait must never hold the process open.
      waiter.timer.unref();
      this.waiters.push(waiter);
    });
  }
}
