import {
  Inject,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { CallbackUris } from './affinity/callback-uris.service.js';
import { RegionResolverHost } from './affinity/region-resolver.host.js';
import { CallingAuthGuard } from './auth/calling-auth.guard.js';
import { OpenIdKeySource } from './auth/openid-key-source.js';
import { TeamsCallingStrategy } from './auth/teams-calling.strategy.js';
import { VerifiedTokenCache } from './auth/verified-token.cache.js';
import {
  RESOLVED_OPTIONS,
  WEBHOOK_PATH,
} from './calling-webhook.internal-constants.js';
import {
  CALLING_WEBHOOK_OPTIONS,
  ConfigurableCallingWebhookModule,
} from './calling-webhook.module-definition.js';
import type { CallingWebhookOptions } from './config/calling-webhook-options.interface.js';
import { resolveOptions } from './config/resolve-options.js';
import { GlobalBodyParserCheck } from './webhook/global-body-parser.check.js';
import { NotificationBodyInterceptor } from './webhook/notification-body.interceptor.js';
import { WebhookPipelineInterceptor } from './webhook/webhook-pipeline.interceptor.js';
import { ProtocolInterceptor } from './protocol/protocol.interceptor.js';
import { PartitionInterceptor } from './affinity/partition.interceptor.js';
import { RegionAffinityInterceptor } from './affinity/region-affinity.interceptor.js';
import { APP_TOKEN_SOURCE } from './control/app-token-source.js';
import { appTokenSourceProvider } from './control/app-token-source.provider.js';
import { CallControl } from './control/call-control.service.js';
import { AppTokenStatus } from './control/app-token-status.js';
import { GraphHttpClient } from './control/graph-http-client.js';
import { CallEventExplorer } from './events/discovery/call-event.explorer.js';
import { CallEventDispatcher } from './events/dispatch/call-event.dispatcher.js';
import { CallNotificationProcessor } from './events/dispatch/call-notification.processor.js';
import { CALLING_DUPLICATE_STORE } from './events/duplicates/duplicate-store.constants.js';
import { duplicateStoreProvider } from './events/duplicates/duplicate-store.provider.js';
import { OpenTelemetryBridgeService } from './telemetry/opentelemetry/opentelemetry-bridge.service.js';
import { NotificationTelemetryMiddleware } from './webhook/notification-telemetry.middleware.js';

/**
 * The Teams calling webhook: `CallingWebhookModule.forRoot({ appId })` serves `POST /api/calls`,
 * authenticated with the platform's OpenID-signed tokens.
 */
@Module({
  imports: [PassportModule, DiscoveryModule],
  providers: [
    {
      provide: RESOLVED_OPTIONS,
      useFactory: (options: CallingWebhookOptions, path: string) =>
        resolveOptions(options, path),
      inject: [CALLING_WEBHOOK_OPTIONS, WEBHOOK_PATH],
    },
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthGuard,
    CallbackUris,
    RegionResolverHost,
    GlobalBodyParserCheck,
    NotificationBodyInterceptor,
    ProtocolInterceptor,
    PartitionInterceptor,
    RegionAffinityInterceptor,
    WebhookPipelineInterceptor,
    appTokenSourceProvider,
    AppTokenStatus,
    GraphHttpClient,
    CallControl,
    CallEventExplorer,
    CallEventDispatcher,
    CallNotificationProcessor,
    duplicateStoreProvider,
    OpenTelemetryBridgeService,
  ],
  exports: [
    CALLING_DUPLICATE_STORE,
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthGuard,
    CallbackUris,
    APP_TOKEN_SOURCE,
    AppTokenStatus,
    CallControl,
  ],
})
export class CallingWebhookModule
  extends ConfigurableCallingWebhookModule
  implements NestModule
{
  constructor(@Inject(WEBHOOK_PATH) private readonly path: string) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(NotificationTelemetryMiddleware)
      .forRoutes(
        { path: this.path, method: RequestMethod.POST },
        { path: `${this.path}/:partition`, method: RequestMethod.POST },
      );
  }
}
