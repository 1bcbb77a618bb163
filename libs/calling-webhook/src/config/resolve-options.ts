import {
  DEFAULT_ISSUERS,
  DEFAULT_OPENID_CONFIGURATION_URL,
  DEFAULT_WEBHOOK_PATH,
} from '../calling-webhook.constants.js';
import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';
import {
  resolveCallControlOptions,
  validateCallControlOptions,
} from '../control/resolve-call-control-options.js';
import { validateOptions } from './calling-webhook-options.schema.js';
import {
  eventsOptionProblems,
  resolveEventsOptions,
} from '../events/events-options.schema.js';
import { affinityOptionProblems } from '../affinity/affinity-options.validation.js';
import { trimBaseUrl } from '../affinity/base-url.js';
import {
  resolvePartition,
  resolveRegionAffinity,
} from '../affinity/resolved-affinity-options.js';
import {
  bodyLimitProblems,
  DEFAULT_BODY_LIMIT_BYTES,
  parseBodyLimit,
} from '../webhook/body-limit.js';
import { InvalidCallingWebhookOptionsError } from './invalid-options.error.js';
import type { ResolvedCallingWebhookOptions } from './resolved-options.js';

/** Trims slashes so that `'/api/calls/'` and `'api/calls'` name the same route. */
export function normalizeWebhookPath(path: string | undefined): string {
  return (path ?? DEFAULT_WEBHOOK_PATH).replace(/^\/+|\/+$/g, '');
}

/** Validates the user's options (throwing one error that lists every problem) and applies defaults. */
export function resolveOptions(
  options: CallingWebhookOptions,
  path: string | undefined,
): ResolvedCallingWebhookOptions {
  const raw: object = options ?? {};
  const problems = [
    ...validateOptions(raw),
    ...bodyLimitProblems(options?.bodyLimit),
    ...affinityOptionProblems({ ...raw }),
    ...validateCallControlOptions(options ?? {}, [options?.appId ?? []].flat()),
    ...eventsOptionProblems(options ?? {}),
  ];
  if (problems.length > 0)
    throw new InvalidCallingWebhookOptionsError(problems);
  const appIds = Array.isArray(options.appId) ? options.appId : [options.appId];
  return {
    appIds: [...new Set(appIds)],
    openIdConfigurationUrl:
      options.openIdConfigurationUrl ?? DEFAULT_OPENID_CONFIGURATION_URL,
    issuers: options.issuers ?? DEFAULT_ISSUERS,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 300,
    allowedTenants: options.allowedTenants
      ? new Set(options.allowedTenants)
      : undefined,
    keyRefreshIntervalMs: options.keyRefreshIntervalMs ?? 3_600_000,
    keyRefreshCooldownMs: options.keyRefreshCooldownMs ?? 10_000,
    keyFetchTimeoutMs: options.keyFetchTimeoutMs ?? 3_000,
    allowedJwksHosts: (options.allowedJwksHosts ?? []).map((h) =>
      h.toLowerCase(),
    ),
    verifiedTokenCacheSize: options.verifiedTokenCacheSize ?? 10_000,
    prefetchKeys: options.prefetchKeys ?? true,
    path: normalizeWebhookPath(path),
    bodyLimitBytes:
      parseBodyLimit(options.bodyLimit) ?? DEFAULT_BODY_LIMIT_BYTES,
    publicUrl:
      options.publicUrl === undefined
        ? undefined
        : trimBaseUrl(options.publicUrl),
    regionAffinity: resolveRegionAffinity(options.regionAffinity),
    partition: resolvePartition(options.partition),
    callControl: resolveCallControlOptions(options, [...new Set(appIds)]),
    events: resolveEventsOptions(options),
  };
}
