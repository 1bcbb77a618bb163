import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { CallbackUris } from './affinity/callback-uris.service.js';
import { RegionResolverHost } from './affinity/region-resolver.host.js';
import { CallingAuthGuard } from './auth/calling-auth.guard.js';
import { CallingAuthenticator } from './auth/calling-authenticator.js';
import { OpenIdKeySource } from './auth/openid-key-source.js';
import { RefusalLog } from './auth/refusal-log.js';
import { TeamsCallingStrategy } from './auth/teams-calling.strategy.js';
import { VerifiedTokenCache } from './auth/verified-token.cache.js';
import { ConfigurableCallingWebhookModule } from './calling-webhook.module-definition.js';
import { CallEventSequencer } from './calls/call-event.sequencer.js';
import { CallRecords } from './calls/call-records.service.js';
import { CallRegistry } from './calls/call-registry.service.js';
import { CALLING_CALL_STORE } from './calls/call-store.constants.js';
import { callStoreProvider } from './calls/call-store.provider.js';
import { KeepAliveScheduler } from './calls/keep-alive.scheduler.js';
import { LiveCalls } from './calls/live-calls.js';
import { OperationTracking } from './calls/operation-tracking.service.js';
import { optionsProviders } from './config/options.providers.js';
import { APP_TOKEN_SOURCE } from './control/app-token-source.js';
import { appTokenSourceProvider } from './control/app-token-source.provider.js';
import { AppTokenStatus } from './control/app-token-status.js';
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
import { fleetProviders } from './fleet/fleet.providers.js';
import { FleetHealth } from './fleet/fleet-health.js';
import { OpenTelemetryBridgeService } from './telemetry/opentelemetry/opentelemetry-bridge.service.js';
import { NotificationAcknowledger } from './webhook/acknowledgement/notification-acknowledger.js';
import { WebhookAnswerWriter } from './webhook/pipeline/webhook-answer.writer.js';
import { WebhookPipeline } from './webhook/pipeline/webhook-pipeline.js';
import { ExpectContinueGate } from './webhook/platform/expect-continue.gate.js';
import { ExpressWebhookGate } from './webhook/platform/express-webhook.gate.js';
import { FastifyWebhookHooks } from './webhook/platform/fastify-webhook.hooks.js';
import { SupportedPlatformCheck } from './webhook/platform/supported-platform.check.js';
import {
  WEBHOOK_STEP_TYPES,
  webhookStepsProvider,
} from './webhook/webhook-steps.js';

/**
 * The Teams calling webhook: `CallingWebhookModule.forRoot({ appId })` serves `POST /api/calls`
 * on Express or Fastify, authenticated with the platform's OpenID-signed tokens.
 */
@Module({
  imports: [PassportModule, DiscoveryModule],
  providers: [
    ...optionsProviders,
    // auth
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthenticator,
    CallingAuthGuard,
    RefusalLog,
    // affinity
    CallbackUris,
    RegionResolverHost,
    // the webhook: its steps in order, the runner, and what each platform needs
    ...WEBHOOK_STEP_TYPES,
    webhookStepsProvider,
    NotificationAcknowledger,
    WebhookAnswerWriter,
    WebhookPipeline,
    SupportedPlatformCheck,
    FastifyWebhookHooks,
    ExpectContinueGate,
    ExpressWebhookGate,
    // events
    CallEventExplorer,
    CallEventDispatcher,
    CallNotificationProcessor,
    duplicateStoreProvider,
    // call control
    appTokenSourceProvider,
    AppTokenStatus,
    GraphHttpClient,
    CallRequests,
    CallParticipants,
    CallPlacement,
    CallControl,
    // call state
    callStoreProvider,
    CallRecords,
    LiveCalls,
    OperationTracking,
    CallEventSequencer,
    KeepAliveScheduler,
    CallRegistry,
    // fleet
    ...fleetProviders,
    FleetHealth,
    // telemetry
    OpenTelemetryBridgeService,
  ],
  exports: [
    CALLING_DUPLICATE_STORE,
    OpenIdKeySource,
    TeamsCallingStrategy,
    CallingAuthenticator,
    CallingAuthGuard,
    CallbackUris,
    APP_TOKEN_SOURCE,
    AppTokenStatus,
    CallControl,
    CallParticipants,
    CALLING_CALL_STORE,
    CallRegistry,
    FleetHealth,
  ],
})
export class CallingWebhookModule extends ConfigurableCallingWebhookModule {}
