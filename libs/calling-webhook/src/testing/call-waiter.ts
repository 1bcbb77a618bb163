import { EventEmitter } from 'node:events';
import { CallScenarioError } from './call-scenario.error.js';

/** What a wait checks on each change: a value ends it, an error fails it, `undefined` waits on. */
export type WaitCheck<T> = () => { value: T } | { error: string } | undefined;

/**
 * The waits of a simulated call: each re-checks its condition on every change of the call and
 * fails with a `CallScenarioError` naming what happened so far, after its timeout or once the
 * call is closed.
 */
export class CallWaiter {
  private readonly changes = new EventEmitter<{ change: [] }>();
  private closedReason: string | undefined;

  constructor(
    private readonly callId: string,
    private readonly summary: () => string,
  ) {
    this.changes.setMaxListeners(0);
  }

  /** Something about the call changed: waits re-check. */
  changed(): void {
    this.changes.emit('change');
  }

  /** Pending and later waits fail with `reason`. */
  close(reason: string): void {
    this.closedReason = reason;
    this.changed();
  }

  /** Resolves with `check`'s value once it has one. */
  waitFor<T>(what: string, timeoutMs: number, check: WaitCheck<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (): boolean => {
        const outcome = check();
        if (outcome && 'value' in outcome) resolve(outcome.value);
        else if (outcome)
          reject(
            new CallScenarioError(`call ${this.callId}: ${outcome.error}`),
          );
        else if (this.closedReason)
          reject(
            new CallScenarioError(
              `call ${this.callId}: ${this.closedReason} while waiting for ${what}`,
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
            `call ${this.callId}: no ${what} within ${timeoutMs} ms (${this.summary()})`,
          ),
        );
      }, timeoutMs);
      this.changes.on('change', onChange);
    });
  }
}
