// The testing kit of nestjs-calling-webhook: a local calling platform for users' tests and ours.

/** A local OpenID provider (configuration, JWKS, token minting, fault switches) on 127.0.0.1. */
export { LocalOpenIdProvider } from './local-openid-provider.js';
/** Options of the local provider, of `mint()`, a signing key pair and a canned document answer. */
export type {
  LocalOpenIdProviderOptions,
  MintOptions,
  LocalSigningKey,
  CannedResponse,
} from './local-openid-provider.js';
/** Low-level helpers to craft deliberately wrong tokens (RS256 as given, HS256, PS256). */
export {
  encodeSegment,
  signRs256,
  signHs256,
  signPs256,
} from './jwt-signing.js';

/** A local fake of the Graph communications API (records requests, answers like Graph, faults). */
export { LocalGraphApi } from './local-graph-api.js';
/** The fake's options. */
export type { LocalGraphApiOptions } from './local-graph-api.js';
/** A recorded Graph request and a programmed fault. */
export type {
  RecordedGraphRequest,
  GraphFault,
} from './recorded-graph-request.js';
/** A call the fake Graph knows: its state, roster, keepAlives and operations, and what makes one. */
export type {
  LocalGraphCall,
  LocalGraphCallInit,
  LocalGraphParticipant,
  LocalGraphOperation,
} from './local-graph-call.js';
/** How an operation ended, as its completion notification says. */
export type { OperationOutcome } from './graph-operations.js';
/** A recording the fake Graph serves to the bearer of its access token. */
export type { LocalRecording } from './local-recordings.js';
/** A local https Microsoft Entra authority issuing app tokens (client credentials) per tenant. */
export { LocalTokenEndpoint } from './local-token-endpoint.js';
/** Options of the local token endpoint, and what it records of an issued token. */
export type {
  LocalTokenEndpointOptions,
  IssuedAppToken,
} from './local-token-endpoint.js';
/** A self-signed TLS certificate for 127.0.0.1 (the local authority's), and its type. */
export {
  createLocalTlsCredentials,
  type LocalTlsCredentials,
} from './local-tls.js';
/** An msal network client trusting given CA certificates (for a local https authority). */
export { trustingNetworkClient } from './trusting-network-client.js';
/** Posts notifications like the platform: signed, legacy first then Graph on 204, following redirects. */
export { NotificationSender } from './notification-sender.js';
/** One delivery's outcome, each HTTP exchange of it, and what `deliver()` takes. */
export type {
  DeliveryResult,
  DeliveryHop,
  DeliveryOptions,
} from './notification-sender.js';

/** The Teams calling platform in a box: OpenID keys, authority, Graph, notifications, `placeCall()`. */
export { LocalCallingPlatform } from './local-calling-platform.js';
/** Options of the platform and of `placeCall()`, and the module options it gives a bot. */
export type {
  LocalCallingPlatformOptions,
  PlaceCallOptions,
  LocalPlatformWebhookOptions,
} from './local-calling-platform.interface.js';
/** What every simulated call does: deliveries, the bot's Graph requests, keepAlives, operations, waits. */
export { SimulatedCall } from './simulated-call.js';
/** How the platform plays a call (timing, keepAlive window, redelivery, order), what makes one, who ended it. */
export type {
  SimulatedCallOptions,
  SimulatedCallInit,
  CallEnder,
} from './simulated-call.interface.js';
/** A call the platform placed to the bot: answered, decided, the caller hanging up. */
export { PlacedCall } from './placed-call.js';
/** A placed call's state, and what a placed call is made of. */
export type { PlacedCallState, PlacedCallInit } from './placed-call.js';
/** One delivered notification and how the bot answered it. */
export type { CallDelivery } from './call-delivery.interface.js';
/** A call the bot placed or a meeting it joined (`platform.nextOutboundCall()`), and what makes one. */
export { OutboundCall } from './outbound-call.js';
/** What an outbound call is made of. */
export type { OutboundCallInit } from './outbound-call.js';
/** Thrown when the bot under test does not do what the platform expects, in time. */
export { CallScenarioError } from './call-scenario.error.js';
/** A line of a call's transcript: a notification to the bot or a Graph request of the bot. */
export type {
  TranscriptEntry,
  NotificationTranscriptEntry,
  GraphTranscriptEntry,
} from './call-transcript.js';
/** Deliberately bad calling tokens: the kinds, and a minter for each. */
export { BAD_TOKEN_KINDS, badToken, type BadTokenKind } from './bad-tokens.js';
/** Builders of Graph call notifications shaped like Microsoft's published examples. */
export {
  incomingCallNotification,
  callStateNotification,
  callTerminatedNotification,
  participantsNotification,
  operationCompletedNotification,
  toneNotification,
  callResourceUrl,
  participantResource,
  notifiedOperationId,
} from './graph-notifications.js';
/** An identity, a notifications body, the incoming-call builder's input, a roster entry, a `resultInfo`. */
export type {
  CallIdentity,
  CommsNotificationsBody,
  IncomingCallNotificationInput,
  RosterEntry,
  ResultInfoInput,
} from './graph-notifications.js';
/** The legacy incoming `Conversation` body the platform may send first, and its input. */
export {
  legacyConversation,
  type LegacyConversationInput,
} from './legacy-notifications.js';
/** Plays one `calling-sim` scenario against a bot and reports checks and transcript. */
export { runCallScenario } from './scenarios/run-call-scenario.js';
/** The scenario names (`incoming-call`, `full-call`, `region-redirect`, `partition-redirect`, `bad-tokens`). */
export { CALL_SCENARIOS } from './scenarios/call-scenario.interface.js';
/** A scenario's name, options, checks, transcript lines and report. */
export type {
  CallScenarioName,
  CallScenarioOptions,
  ScenarioCheck,
  ScenarioTranscriptEntry,
  ScenarioReport,
} from './scenarios/call-scenario.interface.js';
/** A scenario report as readable text (the CLI's transcript and summary). */
export { formatScenarioReport } from './scenarios/format-report.js';
/** A bot run as a child process for a test: started with an environment, awaited, stopped. */
export { BotProcess } from './bot-process.js';
/** What `BotProcess.start()` takes. */
export type { BotProcessOptions } from './bot-process.js';
/** A plain round-robin load balancer on loopback (no sticky sessions) to put a fleet behind, and its options. */
export {
  LocalLoadBalancer,
  type LocalLoadBalancerOptions,
} from './local-load-balancer.js';
/** A real redis-server on loopback (from the PATH) for fleet tests: pause, restart empty, stop. */
export {
  LocalRedisServer,
  type LocalRedisServerOptions,
} from './local-redis-server.js';
