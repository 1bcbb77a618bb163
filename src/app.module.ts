import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CallingWebhookModule } from 'nestjs-calling-webhook';
import { CallingWebhookHealthIndicator } from 'nestjs-calling-webhook/health';
import type { BotConfig } from './bot-config.js';
import { CallAnswering } from './call-answering.js';
import {
  ANSWERING_SETTINGS,
  OUTBOUND_SETTINGS,
} from './call-control-settings.js';
import { CallFlow } from './call-flow.js';
import { CallHandlers } from './call-handlers.js';
import { INSTANCE_ID } from './instance-id.js';
import { HealthController } from './health/health.controller.js';
import { FlushLogsOnShutdown } from './logging/flush-logs-on-shutdown.js';
import {
  OpenTelemetryShutdown,
  RUNNING_TELEMETRY,
} from './telemetry/opentelemetry-shutdown.js';
import type { RunningTelemetry } from './telemetry/start-opentelemetry.js';
import { OutboundCallsController } from './outbound-calls.controller.js';

/** The sample bot: the calling webhook, configured from the environment, and `GET /health`. */
@Module({})
export class AppModule {
  static forConfig(
    config: BotConfig,
    telemetry?: RunningTelemetry,
  ): DynamicModule {
    const telemetryProviders: Provider[] = telemetry
      ? [
          { provide: RUNNING_TELEMETRY, useValue: telemetry },
          OpenTelemetryShutdown,
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        CallingWebhookModule.forRoot(config.webhook),
        // Terminus would log each failing probe (one every few seconds) as an error; the key
        // source already warns once per failed fetch, and the 503 answer says the rest.
        TerminusModule.forRoot({ logger: false }),
      ],
      // Without an API key the outbound route does not exist (404), rather than refusing.
      controllers: [
        HealthController,
        ...(config.outbound ? [OutboundCallsController] : []),
      ],
      providers: [
        FlushLogsOnShutdown,
        CallHandlers,
        CallFlow,
        CallAnswering,
        CallingWebhookHealthIndicator,
        { provide: ANSWERING_SETTINGS, useValue: config.answering },
        { provide: INSTANCE_ID, useValue: config.instanceId },
        ...telemetryProviders,
        ...(config.outbound
          ? [{ provide: OUTBOUND_SETTINGS, useValue: config.outbound }]
          : []),
      ],
    };
  }
}
