import { Module } from '@nestjs/common';
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
import { CallParticipants } from './control/call-participants.service.js';
import { CallPlacement } from './control/call-placement.service.js';
import { CallRequests } from './control/call-requests.service.js';
import { GraphHttpClient } from './control/graph-http-client.js';
import { CallEventExplorer } from './events/discovery/call-event.explorer.js';
import { CallEventDispatcher } from './events/dispatch/call-event.dispatcher.js';
import { CallNotificationProcessor } from './events/dispatch/call-notification.processor.js';
import { CALLING_DUPLICATE_STORE } from './events/duplicates/duplicate-store.constants.js';
import { duplicateStoreProvider } from './events/duplicates/duplicate-store.provider.js';

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
    GraphHttpClient,
    CallRequests,
    CallParticipants,
    CallPlacement,
    CallControl,
    CallEventExplorer,
    CallEventDispatcher,
    CallNotificationProcessor,
    duplicateStoreProvider,
  ],
  exports: [
    CALLING_DUPLICATE_STORE,
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthGuard,
    CallbackUris,
    APP_TOKEN_SOURCE,
    CallControl,
    CallParticipants,
  ],
})
export class CallingWebhookModule extends ConfigurableCallingWebhookModule {}
