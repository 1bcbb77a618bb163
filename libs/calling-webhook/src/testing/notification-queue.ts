import type { CallDelivery } from './call-delivery.interface.js';

/** A notification waiting for its turn. */
export interface QueuedNotification {
  readonly what: string;
  readonly body: unknown;
  readonly legacyBody?: unknown;
  /** Runs once it is delivered, before anyone waiting on the call hears of it. */
  readonly onDelivered?: (delivery: CallDelivery) => void;
}

/** Sends one notification; `messageId` repeats an earlier delivery's (a redelivery). */
export type SendNotification = (
  notification: QueuedNotification,
  messageId?: string,
) => Promise<CallDelivery>;

interface Held {
  readonly after: string;
  readonly notification: QueuedNotification;
  readonly resolve: (delivery: CallDelivery) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A call's notifications, delivered one at a time in order, except as told: the platform
 * delivers at least once and not always in order, so a test can have one delivered twice (the
 * same message id again) or held back until another was delivered.
 */
export class NotificationQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly twice: string[] = [];
  private readonly outOfOrder: { first: string; second: string }[] = [];
  private readonly held: Held[] = [];

  constructor(private readonly send: SendNotification) {}

  /** The next notification named `what` is delivered twice. */
  deliverTwice(what: string): void {
    this.twice.push(what);
  }

  /** The next notification named `first` is held back until one named `second` was delivered. */
  deliverOutOfOrder(first: string, second: string): void {
    this.outOfOrder.push({ first, second });
  }

  /** Queues a notification; resolves with its (first) delivery. */
  push(notification: QueuedNotification): Promise<CallDelivery> {
    const rule = this.outOfOrder.findIndex(
      (r) => r.first === notification.what,
    );
    if (rule >= 0) {
      const [{ second }] = this.outOfOrder.splice(rule, 1);
      return new Promise((resolve, reject) =>
        this.held.push({ after: second, notification, resolve, reject }),
      );
    }
    const next = this.tail.then(() => this.deliver(notification));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every queued notification was delivered (held ones aside). */
  async idle(): Promise<void> {
    await this.tail;
  }

  private async deliver(
    notification: QueuedNotification,
  ): Promise<CallDelivery> {
    const delivery = await this.send(notification);
    const again = this.twice.indexOf(notification.what);
    if (again >= 0) {
      this.twice.splice(again, 1);
      const hops = delivery.result.hops;
      await this.send(
        { ...notification, legacyBody: undefined },
        hops[hops.length - 1]?.messageId,
      );
    }
    // What waited for this one goes right after it, before anything queued since.
    for (const held of this.held.filter((h) => h.after === notification.what)) {
      this.held.splice(this.held.indexOf(held), 1);
      await this.deliver(held.notification).then(held.resolve, held.reject);
    }
    return delivery;
  }
}
