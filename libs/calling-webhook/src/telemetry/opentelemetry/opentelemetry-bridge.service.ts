import {
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  acquireOpenTelemetryBridge,
  releaseOpenTelemetryBridge,
} from './opentelemetry-bridge.js';

/**
 * Switches the OpenTelemetry bridge on while the app runs. On module init, not at import: the
 * app's SDK must be registered first (a meter taken before `setGlobalMeterProvider` stays a
 * no-op), and an app that starts its SDK before Nest, as OpenTelemetry asks, has done so by then.
 */
@Injectable()
export class OpenTelemetryBridgeService
  implements OnModuleInit, OnApplicationShutdown
{
  private acquired = false;

  async onModuleInit(): Promise<void> {
    this.acquired = true;
    await acquireOpenTelemetryBridge();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.acquired) return;
    this.acquired = false;
    await releaseOpenTelemetryBridge();
  }
}
