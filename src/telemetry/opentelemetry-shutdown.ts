import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { RunningTelemetry } from './start-opentelemetry.js';

/** The OpenTelemetry SDK the bot started, if it started one. */
export const RUNNING_TELEMETRY = Symbol('RunningTelemetry');

/** Flushes the spans and metrics not yet exported when the bot stops (after the webhook's own shutdown). */
@Injectable()
export class OpenTelemetryShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(RUNNING_TELEMETRY) private readonly telemetry: RunningTelemetry,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.telemetry.shutdown();
  }
}
