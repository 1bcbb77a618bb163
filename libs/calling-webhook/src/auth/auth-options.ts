import {
  DEFAULT_ISSUERS,
  DEFAULT_OPENID_CONFIGURATION_URL,
} from '../calling-webhook.constants.js';
import {
  booleanProblems,
  isNonEmptyString,
  stringListProblems,
  wholeNumberProblems,
} from '../config/option-rules.js';
import { isSecureOrLoopbackUrl } from '../config/url-rules.js';
import type {
  AuthOptions,
  ResolvedAuthOptions,
} from './auth-options.interface.js';

/** The injection token of the resolved token-check options. */
export const AUTH_OPTIONS = Symbol('CallingWebhookAuthOptions');

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;
export const DEFAULT_KEY_REFRESH_INTERVAL_MS = 3_600_000;
export const DEFAULT_KEY_REFRESH_COOLDOWN_MS = 10_000;
export const DEFAULT_KEY_FETCH_TIMEOUT_MS = 3_000;
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

function appIdProblems(appId: unknown): string[] {
  if (appId === undefined || appId === null)
    return ["appId is required: set it to the bot's Microsoft App ID"];
  if (isNonEmptyString(appId)) return [];
  if (typeof appId === 'string')
    return ["appId must not be empty: set it to the bot's Microsoft App ID"];
  if (Array.isArray(appId))
    return appId.length > 0 && appId.every(isNonEmptyString)
      ? []
      : ['appId must list one or more non-empty App IDs'];
  return [
    "appId must be the bot's Microsoft App ID (a string), or an array of them",
  ];
}

/** One line per mistake in the token-check options. */
export function authOptionProblems(options: Partial<AuthOptions>): string[] {
  return [
    ...appIdProblems(options.appId),
    ...(options.openIdConfigurationUrl === undefined ||
    isSecureOrLoopbackUrl(options.openIdConfigurationUrl)
      ? []
      : [
          'openIdConfigurationUrl must be an absolute https URL (http only on a loopback host)',
        ]),
    ...stringListProblems('issuers', options.issuers, 'issuer URLs', false),
    ...wholeNumberProblems(
      'clockToleranceSeconds',
      options.clockToleranceSeconds,
      0,
      3600,
    ),
    ...stringListProblems(
      'allowedTenants',
      options.allowedTenants,
      'tenant ids',
    ),
    ...wholeNumberProblems(
      'keyRefreshIntervalMs',
      options.keyRefreshIntervalMs,
      1000,
    ),
    ...wholeNumberProblems(
      'keyRefreshCooldownMs',
      options.keyRefreshCooldownMs,
      0,
    ),
    ...wholeNumberProblems(
      'keyFetchTimeoutMs',
      options.keyFetchTimeoutMs,
      1,
      60_000,
    ),
    ...stringListProblems(
      'allowedJwksHosts',
      options.allowedJwksHosts,
      'host names',
    ),
    ...wholeNumberProblems(
      'verifiedTokenCacheSize',
      options.verifiedTokenCacheSize,
      0,
    ),
    ...booleanProblems('prefetchKeys', options.prefetchKeys),
  ];
}

/** The token-check options with their defaults (call after `authOptionProblems` found none). */
export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  return {
    appIds: [...new Set([options.appId].flat())],
    openIdConfigurationUrl:
      options.openIdConfigurationUrl ?? DEFAULT_OPENID_CONFIGURATION_URL,
    issuers: options.issuers ?? DEFAULT_ISSUERS,
    clockToleranceSeconds:
      options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
    allowedTenants: options.allowedTenants
      ? new Set(options.allowedTenants)
      : undefined,
    keyRefreshIntervalMs:
      options.keyRefreshIntervalMs ?? DEFAULT_KEY_REFRESH_INTERVAL_MS,
    keyRefreshCooldownMs:
      options.keyRefreshCooldownMs ?? DEFAULT_KEY_REFRESH_COOLDOWN_MS,
    keyFetchTimeoutMs:
      options.keyFetchTimeoutMs ?? DEFAULT_KEY_FETCH_TIMEOUT_MS,
    allowedJwksHosts: (options.allowedJwksHosts ?? []).map((host) =>
      host.toLowerCase(),
    ),
    verifiedTokenCacheSize:
      options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE,
    prefetchKeys: options.prefetchKeys ?? true,
  };
}
