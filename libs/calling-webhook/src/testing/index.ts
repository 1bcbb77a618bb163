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
/** A recorded Graph request, a programmed fault, the fake's options and its known calls. */
export type {
  RecordedGraphRequest,
  GraphFault,
  LocalGraphApiOptions,
  LocalGraphCall,
} from './local-graph-api.js';
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
