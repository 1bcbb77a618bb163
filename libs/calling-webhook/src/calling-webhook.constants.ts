/** The passport strategy name: `AuthGuard('teams-calling')` protects a user's own routes with the calling platform's tokens. */
export const TEAMS_CALLING_STRATEGY = 'teams-calling';

/** Where the Teams calling platform publishes its OpenID configuration (and through it, its signing keys). */
export const DEFAULT_OPENID_CONFIGURATION_URL =
  'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration';

/**
 * Issuers accepted by default. The calling platform signs as Bot Framework; Microsoft's own
 * .NET sample also accepts Graph as issuer, so we do too.
 */
export const DEFAULT_ISSUERS: readonly string[] = [
  'https://api.botframework.com',
  'https://graph.microsoft.com',
];

/** The default route of the webhook (`POST /api/calls`). */
export const DEFAULT_WEBHOOK_PATH = 'api/calls';
