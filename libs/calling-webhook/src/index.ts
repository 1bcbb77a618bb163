// The public API of nestjs-calling-webhook: everything a user may import is listed here.

/** The module: `CallingWebhookModule.forRoot({ appId })` or `forRootAsync({ useFactory, inject })`. */
export { CallingWebhookModule } from './calling-webhook.module.js';
/** The injection token of the raw module options (for `overrideProvider` in tests). */
export { CALLING_WEBHOOK_OPTIONS } from './calling-webhook.module-definition.js';
/** Public constants: the strategy name, the default OpenID URL, issuers and route. */
export {
  TEAMS_CALLING_STRATEGY,
  DEFAULT_OPENID_CONFIGURATION_URL,
  DEFAULT_ISSUERS,
  DEFAULT_WEBHOOK_PATH,
} from './calling-webhook.constants.js';
/** The options of `forRoot` / `forRootAsync`, and the module-level extras (`path`, `isGlobal`). */
export type {
  CallingWebhookOptions,
  CallingWebhookModuleExtras,
} from './config/calling-webhook-options.interface.js';
/** Each area's options, which `CallingWebhookOptions` puts side by side. */
export type { AuthOptions } from './auth/auth-options.interface.js';
export type { BodyOptions } from './body/body-options.js';
export type { ProtocolOptions } from './protocol/protocol-options.js';
export type { AffinityOptions } from './affinity/affinity-options.interface.js';
export type {
  AcknowledgementOptions,
  AcknowledgeMode,
} from './webhook/acknowledgement/acknowledgement-options.js';
export type { EventsOptions } from './events/events-options.interface.js';
export type { CallControlOptions } from './control/call-control-options.interface.js';
/** Bounds the app's HTTP server for a webhook (header, request and keep-alive timeouts, open connections), on Express or Fastify. */
export {
  applyServerLimits,
  type WebhookServerLimits,
} from './webhook/platform/server-limits.js';
/** A value from a payload or a token made fit for a log line (controls, line separators and bidi characters escaped, bounded). */
export { logSafe } from './logging/log-safe.js';
export type { CallsOptions, KeepAliveOptions } from './calls/calls-options.js';
/** Thrown at start-up when the options are wrong; lists each mistake, one line each. */
export { InvalidCallingWebhookOptionsError } from './config/invalid-options.error.js';

/** The webhook's token check as a guard for a user's own routes (`@UseGuards(CallingAuthGuard)`). */
export { CallingAuthGuard } from './auth/calling-auth.guard.js';
/** Verifies a request's bearer token (cached tokens fast, others through the strategy); what the guard and the webhook share. */
export { CallingAuthenticator } from './auth/calling-authenticator.js';
/** How a refused request is answered (status, short reason, RFC 6750 headers): what `CallingAuthGuard.exceptionFor` gets. */
export type { Refusal } from './auth/refusal.js';
/** The passport strategy `teams-calling`, for `AuthGuard('teams-calling')` on a user's own routes. */
export { TeamsCallingStrategy } from './auth/teams-calling.strategy.js';
/** The platform's signing keys, discovered through OpenID and cached. */
export { OpenIdKeySource } from './auth/openid-key-source.js';
/** Parameter decorator giving the verified caller of a request, and the type of that caller. */
export { CallingPrincipal } from './auth/calling-principal.decorator.js';
/** The token claims a principal was read from. */
export type { CallingTokenClaims } from './auth/calling-principal.interface.js';
/** What the key source knows of its keys now (`OpenIdKeySource.status()`), for health checks. */
export type { SigningKeysStatus } from './auth/signing-keys-status.interface.js';
/** Why a token was refused (its `reason` is safe to show); no bearer token at all; a tenant not allowed. */
export {
  InvalidTokenError,
  MissingTokenError,
  TenantNotAllowedError,
} from './auth/token-refusals.js';
/** No signing key can be had; answered `503` with `Retry-After`. */
export { SigningKeysUnavailableError } from './auth/key-source.errors.js';

/** Acts on calls through Graph: answer, media, tones, mute, keepAlive, hang up; places calls and joins meetings. */
export { CallControl } from './control/call-control.service.js';
/** The participants of a call (`CallControl.participants`): list, invite, mute, remove, hold music. */
export { CallParticipants } from './control/call-participants.service.js';
/** What answer, reject, redirect and transfer take, who to invite, and `WithODataType` (a Graph type with `@odata.type`). */
export type {
  AnswerCallOptions,
  RejectCallOptions,
  RedirectCallOptions,
  TransferCallOptions,
  InvitationTarget,
  CallIdentity,
  WithODataType,
} from './control/call-control-requests.interface.js';
/** What the operation-starting methods take (a `clientContext`, prompts, recording settings, tones, status). */
export type {
  OperationOptions,
  PlayPromptOptions,
  RecordResponseOptions,
  SubscribeToToneOptions,
  SendDtmfTonesOptions,
  UpdateRecordingStatusOptions,
} from './control/media-requests.interface.js';
/** What inviting participants and starting hold music take. */
export type {
  InviteParticipantsOptions,
  StartHoldMusicOptions,
} from './control/participant-requests.interface.js';
/** An operation a method started: Graph's answer, the `clientContext` its completion will echo, and `completed()`. */
export type {
  CallOperation,
  OperationWaitOptions,
} from './control/call-operation.interface.js';
/** What `CallControl.keepAlive` takes (an `AbortSignal`). */
export type { KeepAliveRequestOptions } from './control/call-control-requests.interface.js';
/** What placing a call and joining a meeting take, who places it, and the call Graph created. */
export type {
  CreateCallOptions,
  JoinMeetingOptions,
  CallSource,
  CreatedCall,
} from './control/place-call-requests.interface.js';
/** A join link that is neither a `meetup-join` nor a `/meet/` Teams link (the reason, never the link). */
export { TeamsJoinLinkError } from './control/teams-join-link.error.js';
/** A recording being downloaded (a Node stream, its type and length), and what locates one. */
export type {
  RecordingDownload,
  RecordingLocation,
} from './control/recording-download.js';
/** The call to act on: an event of this module or any `{ callId, tenantId }`. */
export type { CallReference } from './control/call-reference.interface.js';
/** A Graph request failed: HTTP status, Graph error code and message, request ids; never the token. */
export { GraphCallError } from './control/graph-call.error.js';
/** The fields of a `GraphCallError`. */
export type { GraphCallErrorDetails } from './control/graph-call.error.js';
/** No credentials; no app token for a tenant; no callbackUri to place a call with; a failed recording download. */
export {
  CallControlNotConfiguredError,
  AppTokenError,
  CallbackUriRequiredError,
  RecordingDownloadError,
} from './control/call-control.errors.js';
/** Where `CallControl` gets app tokens (`APP_TOKEN_SOURCE` to replace it), and the msal-backed default. */
export {
  APP_TOKEN_SOURCE,
  type AppTokenSource,
} from './control/app-token-source.js';
/** The last app-token acquisition's outcome (for health checks: never a token request of its own). */
export {
  AppTokenStatus,
  type AppTokenOutcome,
} from './control/app-token-status.js';
/** The default app token source: msal client credentials, one confidential client per tenant. */
export { MsalAppTokenSource } from './control/msal-app-token-source.js';
/** The credentials and retry options of call control (fields of `CallingWebhookOptions`). */
export type {
  AppCredentials,
  AppCertificateCredential,
  GraphRetryOptions,
} from './control/call-control-options.interface.js';

/** The calls the module knows, as state: `get(callId)` gives a call's record, `nextTone(call)` waits for a key press. */
export {
  CallRegistry,
  type ToneWaitOptions,
} from './calls/call-registry.service.js';
/** A call's record: state, merged `Call`, roster, pending operations, why it ended. */
export type {
  CallRecord,
  CallEnd,
  PendingOperationRecord,
} from './calls/call-record.interface.js';
/** An awaited operation failed; no completion came in time; the call ended first. */
export {
  OperationFailedError,
  OperationTimeoutError,
  CallEndedError,
} from './calls/call-operation.errors.js';
/** The injection token of the call store (override it to share call state across instances). */
export { CALLING_CALL_STORE } from './calls/call-store.constants.js';
/** What a call store does: `get`, `set` with a version check and a TTL, `delete`; each may answer at once or with a promise. */
export type {
  CallingCallStore,
  MaybePromise,
} from './calls/call-store.interface.js';
/** The default call store: bounded, in memory, per process. */
export { InMemoryCallStore } from './calls/in-memory-call.store.js';

/** Runs a method for a new incoming call (`created`, state `incoming`). */
export { OnIncomingCall } from './events/decorators/on-incoming-call.decorator.js';
/** Runs a method when a call notification carries a state, optionally only the given states. */
export { OnCallStateChanged } from './events/decorators/on-call-state-changed.decorator.js';
/** Runs a method when a call reaches `established`. */
export { OnCallEstablished } from './events/decorators/on-call-established.decorator.js';
/** Runs a method when a call ends (`terminated`, or the call `deleted`). */
export { OnCallTerminated } from './events/decorators/on-call-terminated.decorator.js';
/** Runs a method for a roster notification (`.../participants`). */
export { OnParticipantsUpdated } from './events/decorators/on-participants-updated.decorator.js';
/** Runs a method when an operation (playPrompt, record, invite, ...) finishes, optionally of given types. */
export { OnOperationCompleted } from './events/decorators/on-operation-completed.decorator.js';
/** Runs a method for a DTMF tone (a call update carrying `toneInfo`). */
export { OnToneReceived } from './events/decorators/on-tone-received.decorator.js';
/** Runs a method for every notification, or those a filter lets through (the catch-all). */
export { OnCallNotification } from './events/decorators/on-call-notification.decorator.js';
/** The filter of `@OnCallNotification()`: change type, resource kind, `@odata.type`. */
export type { CallNotificationFilter } from './events/decorators/on-call-notification.decorator.js';
/** The type of the event decorators: the handler takes the named event (or a wider type). */
export type { CallEventDecorator } from './events/decorators/subscribe-to-call-events.js';
/** The fields every event has, its resource kind and the raw item. */
export type {
  CallNotificationEvent,
  CallResourceKind,
  RawCommsNotification,
} from './events/call-notification-event.interface.js';
/** The platform's request headers an event carries (message id, chain id, scenario id, the rest). */
export type { CallNotificationHeaders } from './protocol/notification-headers.js';
/** The events of each decorator, typed with `@microsoft/microsoft-graph-types`. */
export type {
  AnyCallNotificationEvent,
  CallEvent,
  IncomingCallEvent,
  CallStateChangedEvent,
  CallEstablishedEvent,
  CallTerminatedEvent,
  ToneReceivedEvent,
  ParticipantsUpdatedEvent,
  OperationCompletedEvent,
  OtherCallNotificationEvent,
} from './events/call-events.interface.js';
/** The `onHandlerError` hook's type. */
export type { HandlerErrorHook } from './events/events-options.interface.js';
/** The injection token of the duplicate store (override it to share the store across instances). */
export { CALLING_DUPLICATE_STORE } from './events/duplicates/duplicate-store.constants.js';
/** What a duplicate store does: `has(key, callId?)` and `mark(key, ttlMs, callId?)`, both async. */
export type { CallingDuplicateStore } from './events/duplicates/duplicate-store.interface.js';
/** The default duplicate store: bounded, in memory, per process. */
export { InMemoryDuplicateStore } from './events/duplicates/in-memory-duplicate.store.js';
/** A duplicate store shared through Redis on an ioredis client, without a fleet (a fleet has its own). */
export { RedisDuplicateStore } from './events/duplicates/redis-duplicate.store.js';
/** The commands `RedisDuplicateStore` sends (an ioredis client has them), and its options (key prefix, timeout). */
export type {
  RedisDuplicateClient,
  RedisDuplicateStoreOptions,
} from './events/duplicates/redis-duplicate.store.js';

/** One item of a Graph notification body as the platform sends it (`resourceUrl` or older `resource`). */
export type { GraphNotification } from './protocol/graph-notification.interface.js';
/** The default `bodyLimit`, in bytes (4 MB). */
export { DEFAULT_BODY_LIMIT_BYTES } from './body/body-limit.js';
/** The `callbackUri` of calls this instance answers (`forAnsweredCall()`), partitioned when configured. */
export { CallbackUris } from './affinity/callback-uris.service.js';
/** Built-in region resolver: the tenant of the verified token (`tid`) to a region. */
export { byTenant } from './affinity/by-tenant.resolver.js';
/** Built-in region resolver: the caller's region (`resourceData.source.region`) to a region. */
export { byCallerRegion } from './affinity/by-caller-region.resolver.js';
/** The options of `regionAffinity` and `partition`, and the redirect status they take. */
export type {
  RegionAffinityOptions,
  PartitionOptions,
  AffinityRedirectStatus,
} from './affinity/affinity-options.interface.js';
/** What a region resolver gets and returns, as a function or as an injectable class. */
export type {
  RegionResolutionInput,
  ResolvedRegion,
  RegionResolverFunction,
  RegionResolver,
  RegionResolverOption,
} from './affinity/region-resolver.interface.js';

/** The names of the library's diagnostics channels (subscribe with `node:diagnostics_channel`). */
export {
  NOTIFICATION_CHANNEL,
  HANDLER_CHANNEL,
  GRAPH_REQUEST_CHANNEL,
  GRAPH_RETRY_CHANNEL,
  SIGNING_KEYS_REFRESH_CHANNEL,
  TOKEN_CACHE_LOOKUP_CHANNEL,
  KEEP_ALIVE_CHANNEL,
  CALL_START_CHANNEL,
  CALL_END_CHANNEL,
} from './telemetry/telemetry.constants.js';
/** The message each diagnostics channel carries. */
export type {
  NotificationTraceMessage,
  HandlerTraceMessage,
  GraphRequestTraceMessage,
  GraphRetryMessage,
  SigningKeysRefreshMessage,
  TokenCacheLookupMessage,
  KeepAliveMessage,
  CallStartMessage,
  CallEndMessage,
} from './telemetry/telemetry-messages.interface.js';

/** The fleet options (`fleet: { redis, instanceId, instanceUrl, routing, leaseMs, keyPrefix, commandTimeoutMs }`), and its routing modes. */
export type {
  FleetOptions,
  FleetAreaOptions,
  FleetRouting,
  IoRedisClient,
} from './fleet/fleet-options.interface.js';
