import type { INetworkModule } from '@azure/msal-node';
import type { AppCertificateCredential } from './call-control-options.interface.js';

/** App credentials after defaults (the client id is known). */
export interface ResolvedAppCredentials {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly certificate?: AppCertificateCredential;
  readonly networkClient?: INetworkModule;
}

/** The call-control options with every default applied. */
export interface ResolvedCallControlOptions {
  /** `undefined` when no credentials are configured: `CallControl` then refuses to act. */
  readonly credentials: ResolvedAppCredentials | undefined;
  /** Without trailing slash, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly graphBaseUrl: string;
  /** Without trailing slash, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  readonly graphRequestTimeoutMs: number;
  readonly graphRetry: {
    readonly maxAttempts: number;
    readonly maxTotalMs: number;
    readonly baseDelayMs: number;
  };
}
