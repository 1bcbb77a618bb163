import { isSecureOrLoopbackUrl } from '../config/calling-webhook-options.schema.js';
import { parseUrl } from '../config/parse-url.js';
import type {
  AppCredentials,
  GraphRetryOptions,
} from './call-control-options.interface.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';

/** The call-control fields of the module options (validated here, typed in the options interface). */
export interface CallControlOptionsInput {
  credentials?: AppCredentials;
  graphBaseUrl?: string;
  authorityHost?: string;
  graphRequestTimeoutMs?: number;
  graphRetry?: GraphRetryOptions;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** One readable line per problem in the call-control options, each naming the option. */
export function validateCallControlOptions(
  raw: CallControlOptionsInput,
  appIds: readonly unknown[],
): string[] {
  const problems: string[] = [];
  const { credentials, graphRetry } = raw;
  if (credentials !== undefined) {
    if (typeof credentials !== 'object' || credentials === null) {
      problems.push(
        'credentials must be an object ({ clientSecret } or { certificate })',
      );
    } else {
      problems.push(...credentialProblems(credentials, appIds));
    }
  }
  if (
    raw.graphBaseUrl !== undefined &&
    !isSecureOrLoopbackUrl(raw.graphBaseUrl)
  )
    problems.push(
      'graphBaseUrl must be an absolute https URL (http only on a loopback host)',
    );
  // msal refuses a non-https authority, so there is no loopback exception here.
  if (raw.authorityHost !== undefined && !isHttpsOrigin(raw.authorityHost))
    problems.push(
      'authorityHost must be an https origin without path, e.g. https://login.microsoftonline.us',
    );
  problems.push(
    ...intProblem(
      'graphRequestTimeoutMs',
      raw.graphRequestTimeoutMs,
      1,
      60_000,
    ),
  );
  if (graphRetry !== undefined) {
    if (typeof graphRetry !== 'object' || graphRetry === null) {
      problems.push('graphRetry must be an object');
    } else {
      problems.push(
        ...intProblem('graphRetry.maxAttempts', graphRetry.maxAttempts, 1, 10),
        ...intProblem(
          'graphRetry.maxTotalMs',
          graphRetry.maxTotalMs,
          1,
          120_000,
        ),
        ...intProblem(
          'graphRetry.baseDelayMs',
          graphRetry.baseDelayMs,
          0,
          60_000,
        ),
      );
    }
  }
  return problems;
}

/** Applies the defaults (call only after `validateCallControlOptions` found nothing). */
export function resolveCallControlOptions(
  raw: CallControlOptionsInput,
  appIds: readonly string[],
): ResolvedCallControlOptions {
  const { credentials } = raw;
  return {
    credentials: credentials
      ? {
          clientId: credentials.clientId ?? appIds[0],
          clientSecret: credentials.clientSecret,
          certificate: credentials.certificate,
          networkClient: credentials.networkClient,
        }
      : undefined,
    graphBaseUrl: (raw.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(
      /\/+$/,
      '',
    ),
    authorityHost: (raw.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(
      /\/+$/,
      '',
    ),
    graphRequestTimeoutMs: raw.graphRequestTimeoutMs ?? 5_000,
    graphRetry: {
      maxAttempts: raw.graphRetry?.maxAttempts ?? 4,
      maxTotalMs: raw.graphRetry?.maxTotalMs ?? 10_000,
      baseDelayMs: raw.graphRetry?.baseDelayMs ?? 250,
    },
  };
}

function credentialProblems(
  credentials: AppCredentials,
  appIds: readonly unknown[],
): string[] {
  const problems: string[] = [];
  const { clientId, clientSecret, certificate } = credentials;
  if (clientId !== undefined && !nonEmpty(clientId))
    problems.push('credentials.clientId must be a non-empty string');
  if (clientId === undefined && appIds.length > 1)
    problems.push(
      'credentials.clientId is required when appId lists several App IDs',
    );
  if (clientSecret !== undefined && !nonEmpty(clientSecret))
    problems.push('credentials.clientSecret must be a non-empty string');
  if ((clientSecret === undefined) === (certificate === undefined))
    problems.push(
      'credentials needs exactly one of clientSecret or certificate',
    );
  if (certificate !== undefined) {
    if (!nonEmpty(certificate?.privateKey))
      problems.push(
        'credentials.certificate.privateKey must be a PEM private key',
      );
    const { thumbprint, thumbprintSha256 } = certificate ?? {};
    if (!isHex(thumbprintSha256, 64) && !isHex(thumbprint, 40))
      problems.push(
        'credentials.certificate needs thumbprintSha256 (64 hex digits) or thumbprint (40 hex digits)',
      );
  }
  return problems;
}

function intProblem(
  name: string,
  value: unknown,
  min: number,
  max: number,
): string[] {
  if (value === undefined) return [];
  return Number.isInteger(value) &&
    (value as number) >= min &&
    (value as number) <= max
    ? []
    : [`${name} must be a whole number from ${min} to ${max}`];
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isHex(value: unknown, length: number): boolean {
  return (
    typeof value === 'string' &&
    new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value)
  );
}

function isHttpsOrigin(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.pathname.replace(/\/+$/, '') === '' &&
    !url.search &&
    !url.hash
  );
}
