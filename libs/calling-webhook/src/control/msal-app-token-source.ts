import {
  AuthError,
  ConfidentialClientApplication,
  type Configuration,
} from '@azure/msal-node';
import { SingleFlight } from '../concurrency/single-flight.js';
import { AppTokenError } from './call-control.errors.js';
import type { AppTokenSource } from './app-token-source.js';
import type { AppCredentials } from './call-control-options.interface.js';
import { isTenantId } from './tenant-id.js';

/**
 * App tokens from `@azure/msal-node`'s client-credentials flow: one confidential client per
 * tenant (authority `{authorityHost}/{tenantId}`), tokens cached by msal until near expiry.
 */
export class MsalAppTokenSource implements AppTokenSource {
  private readonly clients = new Map<string, ConfidentialClientApplication>();
  private readonly pending = new SingleFlight<string, string>();
  private readonly scopes: string[];

  constructor(
    private readonly credentials: AppCredentials & { clientId: string },
    private readonly authorityHost: string,
    graphBaseUrl: string,
  ) {
    this.scopes = [`${new URL(graphBaseUrl).origin}/.default`];
  }

  getToken(tenantId: string): Promise<string> {
    if (!isTenantId(tenantId))
      return Promise.reject(
        new AppTokenError(
          String(tenantId),
          'invalid_tenant',
          'not a tenant id',
        ),
      );
    // Single flight per tenant: concurrent calls of a cold cache make one token request.
    return this.pending.run(tenantId, () => this.acquire(tenantId));
  }

  private async acquire(tenantId: string): Promise<string> {
    let accessToken: string | undefined;
    try {
      const result = await this.clientFor(
        tenantId,
      ).acquireTokenByClientCredential({ scopes: this.scopes });
      accessToken = result?.accessToken;
    } catch (error) {
      if (!(error instanceof AuthError))
        throw new AppTokenError(tenantId, 'unknown_error', 'msal failed');
      const detail = firstLine(error.errorMessage);
      throw new AppTokenError(
        tenantId,
        error.errorCode,
        UNREACHABLE.has(error.errorCode)
          ? `${detail} (${this.unreachableHint()})`
          : detail,
      );
    }
    if (!accessToken)
      throw new AppTokenError(tenantId, 'empty_response', 'no access token');
    return accessToken;
  }

  // The usual cause offline: the authority's certificate is one Node does not trust (the local
  // simulator's), and NODE_EXTRA_CA_CERTS was set in a .env file, which Node never reads.
  private unreachableHint(): string {
    return (
      `${new URL(this.authorityHost).host} could not be reached; if it uses a certificate Node does not trust ` +
      '(the local calling simulator does), start Node with NODE_EXTRA_CA_CERTS naming that certificate ' +
      'in its environment: Node reads it only at start, so a value loaded from a .env file does nothing'
    );
  }

  private clientFor(tenantId: string): ConfidentialClientApplication {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = new ConfidentialClientApplication(this.configuration(tenantId));
      this.clients.set(tenantId, client);
    }
    return client;
  }

  private configuration(tenantId: string): Configuration {
    const { clientId, clientSecret, certificate, networkClient } =
      this.credentials;
    return {
      auth: {
        clientId,
        authority: `${this.authorityHost}/${tenantId}`,
        // Without this msal asks login.microsoftonline.com for instance discovery first, even
        // for a national cloud or a local authority; with it msal reads the authority's own
        // OpenID metadata ({authority}/v2.0/.well-known/openid-configuration).
        knownAuthorities: [new URL(this.authorityHost).host],
        ...(clientSecret !== undefined ? { clientSecret } : {}),
        ...(certificate !== undefined
          ? { clientCertificate: certificate }
          : {}),
      },
      system: networkClient ? { networkClient } : undefined,
    };
  }
}

// msal's codes for an authority it could not talk to at all (DNS, refused, TLS).
const UNREACHABLE = new Set(['endpoints_resolution_error', 'network_error']);

// AADSTS messages carry trace and correlation ids on further lines; the first line says why.
function firstLine(message: string): string {
  return (message.split(/\r?\n/)[0] ?? '').slice(0, 300);
}
