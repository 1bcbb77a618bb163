/**
 * The outcome of one delivery whose notifications run in their calls' queues: it settles once
 * every one of them was dispatched, `false` when any handler failed. One promise per delivery,
 * however many notifications it carries.
 */
export class BatchOutcome {
  /** Resolves when the last notification was dispatched; never rejects. */
  readonly done: Promise<boolean>;
  private remaining: number;
  private ok = true;
  private resolve!: (ok: boolean) => void;

  constructor(count: number) {
    this.remaining = count;
    this.done = new Promise<boolean>((resolve) => {
      this.resolve = resolve;
    });
    if (count === 0) this.resolve(true);
  }

  /** One notification was dispatched; `ok` is false when a handler failed. */
  settle(ok: boolean): void {
    if (!ok) this.ok = false;
    if (--this.remaining === 0) this.resolve(this.ok);
  }
}
