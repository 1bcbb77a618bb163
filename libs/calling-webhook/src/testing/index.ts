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
/** Low-level helpers to craft deliberately wrong tokens. */
export { encodeSegment, signRs256 } from './jwt-signing.js';
