import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Refusal } from './refusal.js';

const SUMMARY_INTERVAL_MS = 60_000;

/**
 * Refused requests are counted and summarised once a minute, never logged one by one: a flood
 * of requests without a token would otherwise write a line each (46.7 MB of log in 70 s was
 * measured). The reasons are the fixed refusal texts, never anything the client sent.
 */
@Injectable()
export class RefusalLog implements OnApplicationShutdown {
  private readonly logger = new Logger('CallingWebhook');
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  record(refusal: Refusal): void {
    const key = `${refusal.status} ${refusal.reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), SUMMARY_INTERVAL_MS);
      // A summary pending must not keep the process alive.
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const counts = this.counts;
    this.counts = new Map();
    let total = 0;
    const parts: string[] = [];
    for (const [key, count] of counts) {
      total += count;
      parts.push(`${key}: ${count}`);
    }
    this.logger.warn(
      `Refused ${total} request(s) since the last summary (${parts.join(', ')})`,
    );
  }
}
