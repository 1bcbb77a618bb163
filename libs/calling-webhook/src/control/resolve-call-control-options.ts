import {
  isNonEmptyString,
  isRecord,
  wholeNumberProblems,
} from '../config/option-rules.js';
import { isHttpsOrigin, isSecureOrLoopbackUrl } from '../config/url-rules.js';
import type {
  AppCredentials,
  CallControlOptions,
} from './call-control-options.interface.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';

/** The injection token of the resolved call-control options. */
export const CONTROL_OPTIONS = Symbol('CallingWebhookControlOptions');

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_REQUEST_TIMEOUT_MS = 5_000;
export const DEFAULT_GRAPH_RETRY = {
  maxAttempts: 4,
  maxTotalMs: 10_000,
  baseDelayMs: 250,
} as const;

function isHex(value: unknown, length: number): boolean {
  return (
    typeof value === 'string' &&
    new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value)
  );
}

function credentialProblems(
  credentials: AppCredentials,
  appIds: readonly unknown[],
): string[] {
  const problems: string[] = [];
  const { clientId, clientSecret, certificate } = credentials;
  if (clientId !== undefined && !isNonEmptyString(clientId))
    problems.push('credentials.clientId must be a non-empty string');
  if (clientId === undefined && appIds.length > 1)
    problems.push(
      'credentials.clientId is required when appId lists several App IDs',
    );
  if (clientSecret === undefined && certificate === undefined)
    // `{ clientSecret: process.env.SECRET }` with the variable unset lands here.
    problems.push(
      'credentials needs a clientSecret or a certificate; leave credentials out when the bot does not act on calls',
    );
  else if (clientSecret !== undefined && certificate !== undefined)
    problems.push(
      'credentials takes a clientSecret or a certificate, not both',
    );
  else if (clientSecret !== undefined && !isNonEmptyString(clientSecret))
    problems.push('credentials.clientSecret must be a non-empty string');
  if (certificate !== undefined) {
    if (!isNonEmptyString(certificate?.privateKey))
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

function graphRetryProblems(graphRetry: unknown): string[] {
  if (graphRetry === undefined) return [];
  if (!isRecord(graphRetry)) return ['graphRetry must be an object'];
  return [
    ...wholeNumberProblems(
      'graphRetry.maxAttempts',
      graphRetry.maxAttempts,
      1,
      10,
    ),
    ...wholeNumberProblems(
      'graphRetry.maxTotalMs',
      graphRetry.maxTotalMs,
      1,
      120_000,
    ),
    ...wholeNumberProblems(
      'graphRetry.baseDelayMs',
      graphRetry.baseDelayMs,
      0,
      60_000,
    ),
  ];
}

/** One line per mistake in the call-control options, each naming the option. */
export function validateCallControlOptions(
  raw: CallControlOptions,
  appIds: readonly unknown[],
): string[] {
  const { credentials } = raw;
  return [
    ...(credentials === undefined
      ? []
      : isRecord(credentials)
        ? credentialProblems(credentials, appIds)
        : [
            'credentials must be an object ({ clientSecret } or { certificate })',
          ]),
    ...(raw.graphBaseUrl === undefined ||
    isSecureOrLoopbackUrl(raw.graphBaseUrl)
      ? []
      : [
          'graphBaseUrl must be an absolute https URL (http only on a loopback host)',
        ]),
    // msal refuses a non-https authority, so there is no loopback exception here.
    ...(raw.authorityHost === undefined || isHttpsOrigin(raw.authorityHost)
      ? []
      : [
          'authorityHost must be an https origin without path, e.g. https://login.microsoftonline.us',
        ]),
    ...wholeNumberProblems(
      'graphRequestTimeoutMs',
      raw.graphRequestTimeoutMs,
      1,
      60_000,
    ),
    ...graphRetryProblems(raw.graphRetry),
  ];
}

/** Applies the defaults (call only after `validateCallControlOptions` found nothing). */
export function resolveCallControlOptions(
  raw: CallControlOptions,
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
    graphRequestTimeoutMs:
      raw.graphRequestTimeoutMs ?? DEFAULT_GRAPH_REQUEST_TIMEOUT_MS,
    graphRetry: {
      maxAttempts:
        raw.graphRetry?.maxAttempts ?? DEFAULT_GRAPH_RETRY.maxAttempts,
      maxTotalMs: raw.graphRetry?.maxTotalMs ?? DEFAULT_GRAPH_RETRY.maxTotalMs,
      baseDelayMs:
        raw.graphRetry?.baseDelayMs ?? DEFAULT_GRAPH_RETRY.baseDelayMs,
    },
  };
}
