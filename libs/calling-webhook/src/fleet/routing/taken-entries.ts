/**
 * Entries taken from a dead instance's inbox, per call, until each is in its call's queue (or
 * handed on to the call's owner): the notification that made this instance take a call over
 * waits for them, so that it runs after the older ones, in the call's order.
 */
export class TakenEntries {
  private readonly byCall = new Map<string, Set<Promise<void>>>();

  /** Tracks an entry of `callKeys`; call what it gives once the entry is queued (twice is harmless). */
  track(callKeys: ReadonlySet<string>): () => void {
    let resolve!: () => void;
    const queued = new Promise<void>((r) => (resolve = r));
    for (const key of callKeys) {
      const entries = this.byCall.get(key) ?? new Set<Promise<void>>();
      entries.add(queued);
      this.byCall.set(key, entries);
    }
    return () => {
      resolve();
      for (const key of callKeys) {
        const entries = this.byCall.get(key);
        entries?.delete(queued);
        if (entries?.size === 0) this.byCall.delete(key);
      }
    };
  }

  /** Resolves once every entry of `callKey` tracked so far is queued. */
  queued(callKey: string): Promise<unknown> {
    const entries = this.byCall.get(callKey);
    return entries ? Promise.all(entries) : Promise.resolve();
  }
}
