import type { INetworkModule } from '@azure/msal-node';

/** A certificate registered on the bot's app registration, for the client-credentials flow. */
export interface AppCertificateCredential {
  /** Hex SHA-256 thumbprint of the certificate (preferred by Microsoft Entra ID). */
  thumbprintSha256?: string;
  /** Hex SHA-1 thumbprint, for registrations that only know that one. */
  thumbprint?: string;
  /** The certificate's private key, PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: string;
  /** The public certificate chain (PEM), sent as `x5c` for subject-name/issuer authentication. */
  x5c?: string;
}

/**
 * The bot's app credentials, with which `CallControl` gets app tokens for Graph
 * (client-credentials flow, one token per tenant). Give a secret or a certificate.
 */
export interface AppCredentials {
  /**
   * The app registration's client id.
   * @default the `appId` option (required here when `appId` lists several)
   */
  clientId?: string;
  /** A client secret of the app registration. */
  clientSecret?: string;
  /** A certificate of the app registration (instead of a secret). */
  certificate?: AppCertificateCredential;
  /**
   * The HTTP client msal uses to reach the authority (a proxy, or a local authority's CA in
   * tests: see `LocalTokenEndpoint.networkClient` in the testing kit).
   * @default msal's own client (Node's `fetch`)
   */
  networkClient?: INetworkModule;
}

/** How Graph calls are retried on 429, 502, 503, 504 and network errors. */
export interface GraphRetryOptions {
  /**
   * Attempts per call, the first included (`1` turns retries off).
   * @default 4
   */
  maxAttempts?: number;
  /**
   * Time budget of one call, retries and waits included: a wait (even a `Retry-After`) that
   * would end past it is not made and the call fails. Under the platform's 15 s answer window.
   * @default 10_000
   */
  maxTotalMs?: number;
  /**
   * First backoff delay when the answer has no `Retry-After`; doubled per attempt, with jitter.
   * @default 250
   */
  baseDelayMs?: number;
}

/** The options of call control (fields of `CallingWebhookOptions`). */
export interface CallControlOptions {
  /**
   * The bot's app credentials (a secret or a certificate), with which `CallControl` gets Graph
   * app tokens per tenant. Leave it out when the bot does not act on calls: the webhook works
   * without it, and `CallControl` methods then throw `CallControlNotConfiguredError`.
   * @default undefined (no call control)
   */
  credentials?: AppCredentials;
  /**
   * The Graph endpoint of `CallControl` (a national cloud, or the local fake Graph in tests).
   * Must be `https`, except on a loopback host.
   * @default 'https://graph.microsoft.com/v1.0'
   */
  graphBaseUrl?: string;
  /**
   * The Microsoft Entra authority host app tokens come from (`{authorityHost}/{tenantId}`).
   * @default 'https://login.microsoftonline.com'
   */
  authorityHost?: string;
  /**
   * Timeout of each Graph request attempt, in milliseconds.
   * @default 5_000
   */
  graphRequestTimeoutMs?: number;
  /**
   * Retries of Graph requests on 429, 502, 503, 504 and network errors.
   * @default { maxAttempts: 4, maxTotalMs: 10_000, baseDelayMs: 250 }
   */
  graphRetry?: GraphRetryOptions;
}
