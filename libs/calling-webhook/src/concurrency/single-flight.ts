/**
 * One run of a task per key at a time: whoever asks while a key's run is going gets that run's
 * promise; the first to ask after it settled starts a new one. (A token per tenant on a cold
 * cache, a dead instance's inbox drained or its calls taken over once, however many ask.)
 */
export class SingleFlight<K, T> {
  private readonly running = new Map<K, Promise<T>>();

  run(key: K, task: () => Promise<T>): Promise<T> {
    let running = this.running.get(key);
    if (!running) {
      running = task().finally(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  /** The runs going now (to await them on shutdown). */
  inFlight(): Promise<T>[] {
    return [...this.running.values()];
  }
}
