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
/** Thrown at start-up when the options are wrong; lists each bad option. */
export { InvalidCallingWebhookOptionsError } from './config/invalid-options.error.js';

/** The guard of the webhook route: cached tokens fast, others through the passport strategy. */
export { CallingAuthGuard } from './auth/calling-auth.guard.js';
/** The passport strategy `teams-calling`, for `AuthGuard('teams-calling')` on a user's own routes. */
export { TeamsCallingStrategy } from './auth/teams-calling.strategy.js';
/** The platform's signing keys, discovered through OpenID and cached. */
export { OpenIdKeySource } from './auth/openid-key-source.js';
/** The bounded cache of verified tokens. */
export { VerifiedTokenCache } from './auth/verified-token.cache.js';
/** Parameter decorator giving the verified caller of a request, and the type of that caller. */
export { CallingPrincipal } from './auth/calling-principal.decorator.js';
/** The token claims a principal was read from. */
export type { CallingTokenClaims } from './auth/calling-principal.interface.js';
/** Why a token was refused (its `reason` is safe to show). */
export { InvalidTokenError } from './auth/token-refusals.js';
/** No signing key can be had; answered `503` with `Retry-After`. */
export { SigningKeysUnavailableError } from './auth/key-source.errors.js';
/** The webhook controller (mounted per module on the configured path). */
export { CallingWebhookController } from './webhook/calling-webhook.controller.js';
