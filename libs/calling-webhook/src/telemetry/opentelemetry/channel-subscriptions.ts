import type { Channel } from 'node:diagnostics_channel';

/** A listener typed by the message its channel carries (the channel objects are untyped). */
export type Listener<M> = (message: M) => void;

/** Collects subscriptions so that they can all be undone at once. */
export class ChannelSubscriptions {
  private readonly undo: Array<() => void> = [];

  /** Subscribes `listener` to `channel`. */
  on<M>(channel: Channel, listener: Listener<M>): this {
    // A throwing subscriber would surface as an uncaught exception (diagnostics_channel rethrows
    // it on the next tick): telemetry must never take the app down.
    const safe = (message: unknown) => {
      try {
        listener(message as M);
      } catch {
        // Dropped: a telemetry failure loses one data point, nothing else.
      }
    };
    channel.subscribe(safe);
    this.undo.push(() => channel.unsubscribe(safe));
    return this;
  }

  /** Unsubscribes everything subscribed through `on`. */
  close(): void {
    for (const undo of this.undo.splice(0)) undo();
  }
}
