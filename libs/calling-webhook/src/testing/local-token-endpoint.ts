import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { INetworkModule } from '@azure/msal-node';
import {
  clientAssertionProblem,
  registeredCertificate,
  type RegisteredCertificate,
} from './client-assertion.js';
import {
  createLocalTlsCredentials,
  type LocalTlsCredentials,
} from './local-tls.js';
import { trustingNetworkClient } from './trusting-network-client.js';
import { LoopbackServer } from './loopback-server.js';

/** What `LocalTokenEndpoint.start()` takes. */
export interface LocalTokenEndpointOptions {
  /** The client registered with `clientSecret`. @default '00000000-0000-0000-0000-0000000000b0' */
  clientId?: string;
  /** Its secret. @default 'local-client-secret' */
  clientSecret?: string;
  /** Lifetime of issued tokens (`expires_in`). @default 3599 */
  tokenLifetimeSeconds?: number;
  /** TLS key and certificate. @default a fresh self-signed certificate for 127.0.0.1 */
  tls?: LocalTlsCredentials;
  /** The port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
}

/** An app token the endpoint issued. */
export interface IssuedAppToken {
  readonly tenantId: string;
  readonly clientId: string;
  readonly scope: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

type Client =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; certificate: RegisteredCertificate };

const METADATA = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/**
 * A local Microsoft Entra authority on https://127.0.0.1 for app tokens: per-tenant OpenID
 * metadata and a client-credentials token endpoint (secret or certificate assertion), counting
 * what it issues. Point the module's `authorityHost` at `authorityHost` and give msal
 * `networkClient` (or start Node with `NODE_EXTRA_CA_CERTS` naming `caCertificate`).
 */
export class LocalTokenEndpoint {
  /** Requests served since start (or `resetCounters()`). */
  readonly requests = { metadata: 0, token: 0 };
  /** When set, every request is answered with this status (an outage). */
  outageStatus: number | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
  /** An msal network client trusting this endpoint's certificate (`credentials.networkClient`). */
  readonly networkClient: INetworkModule;

  private readonly clients = new Map<string, Client>();
  private readonly tokens = new Map<string, IssuedAppToken>();
  private readonly issuedPerTenant = new Map<string, number>();
  private readonly lifetimeSeconds: number;
  // Tokens are signed with a key derived from the TLS key, so that an endpoint restarted with
  // the same credentials (the CLI's fixed ports) still recognises tokens a running bot cached.
  private readonly tokenKey: Buffer;

  private readonly loopback: LoopbackServer;

  private constructor(
    server: Server,
    readonly tls: LocalTlsCredentials,
    options: LocalTokenEndpointOptions,
  ) {
    this.loopback = new LoopbackServer(server);
    this.clientId = options.clientId ?? '00000000-0000-0000-0000-0000000000b0';
    this.clientSecret = options.clientSecret ?? 'local-client-secret';
    this.lifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
    this.tokenKey = createHash('sha256')
      .update('local-token-endpoint\0')
      .update(tls.key)
      .digest();
    this.clients.set(this.clientId, {
      kind: 'secret',
      secret: this.clientSecret,
    });
    this.networkClient = trustingNetworkClient(tls.cert);
  }

  /** Starts an endpoint on a free port of 127.0.0.1. */
  static async start(
    options: LocalTokenEndpointOptions = {},
  ): Promise<LocalTokenEndpoint> {
    const tls = options.tls ?? (await createLocalTlsCredentials());
    let endpoint!: LocalTokenEndpoint;
    const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) =>
      endpoint.handle(req, res),
    );
    endpoint = new LocalTokenEndpoint(server, tls, options);
    await endpoint.loopback.listen(options.port);
    return endpoint;
  }

  /** `https://127.0.0.1:{port}`: the module's `authorityHost`. */
  get authorityHost(): string {
    const port = this.loopback.port;
    return `https://127.0.0.1:${port}`;
  }

  /** The certificate to trust (PEM). */
  get caCertificate(): string {
    return this.tls.cert;
  }

  /** The token endpoint of a tenant. */
  tokenEndpoint(tenantId: string): string {
    return `${this.authorityHost}/${tenantId}/oauth2/v2.0/token`;
  }

  /** Registers another client with a secret. */
  registerSecretClient(clientId: string, secret: string): void {
    this.clients.set(clientId, { kind: 'secret', secret });
  }

  /** Registers a client authenticating with this certificate (PEM); its assertions are verified. */
  registerCertificateClient(clientId: string, certificatePem: string): void {
    this.clients.set(clientId, {
      kind: 'certificate',
      certificate: registeredCertificate(certificatePem),
    });
  }

  /** The token as issued, if this endpoint issued it and it has not expired. */
  inspect(accessToken: string): IssuedAppToken | undefined {
    const issued = this.tokens.get(accessToken) ?? this.verify(accessToken);
    return issued && issued.expiresAt > Date.now() ? issued : undefined;
  }

  /** Every access token issued so far (to assert that none leaks into a log or an error). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Tokens issued, for one tenant or in all. */
  issuedCount(tenantId?: string): number {
    if (tenantId !== undefined) return this.issuedPerTenant.get(tenantId) ?? 0;
    let total = 0;
    for (const count of this.issuedPerTenant.values()) total += count;
    return total;
  }

  /** Zeroes the counters (issued tokens stay valid). */
  resetCounters(): void {
    this.requests.metadata = 0;
    this.requests.token = 0;
    this.issuedPerTenant.clear();
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    await this.loopback.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    const metadata = METADATA.exec(path);
    const token = TOKEN.exec(path);
    if (metadata) this.requests.metadata++;
    if (token) this.requests.token++;
    if (this.outageStatus !== undefined)
      return sendJson(res, this.outageStatus, {
        error: 'temporarily_unavailable',
      });
    if (metadata && req.method === 'GET')
      return sendJson(res, 200, this.metadata(metadata[1]));
    if (token && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        this.token(
          token[1],
          new URLSearchParams(Buffer.concat(chunks).toString()),
          res,
        ),
      );
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.tokenKey)
      .update(payload)
      .digest('base64url');
  }

  // A token this endpoint (or one with the same TLS key) signed.
  private verify(accessToken: string): IssuedAppToken | undefined {
    const [prefix, payload, mac] = accessToken.split('.');
    if (prefix !== 'local' || !payload || !mac) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return undefined;
    try {
      const { tenantId, clientId, scope, expiresAt } = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as IssuedAppToken;
      return { tenantId, clientId, scope, expiresAt };
    } catch {
      return undefined;
    }
  }

  private metadata(tenantId: string): Record<string, unknown> {
    const base = `${this.authorityHost}/${tenantId}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: this.tokenEndpoint(tenantId),
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      response_types_supported: ['code', 'id_token', 'token'],
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
      ],
      tenant_region_scope: 'local',
    };
  }

  private token(
    tenantId: string,
    form: URLSearchParams,
    res: ServerResponse,
  ): void {
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(
        res,
        400,
        'unsupported_grant_type',
        'AADSTS70003: only client_credentials here.',
      );
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const refusal = this.clientProblem(tenantId, clientId, form);
    if (refusal) return oauthError(res, 401, 'invalid_client', refusal);
    if (!scope.split(' ').some((s) => s.endsWith('/.default')))
      return oauthError(
        res,
        400,
        'invalid_scope',
        'AADSTS1002012: client credentials need a /.default scope.',
      );
    const issued: IssuedAppToken = {
      tenantId,
      clientId,
      scope,
      expiresAt: Date.now() + this.lifetimeSeconds * 1000,
    };
    const payload = Buffer.from(
      JSON.stringify({ ...issued, jti: randomBytes(12).toString('base64url') }),
    ).toString('base64url');
    const accessToken = `local.${payload}.${this.mac(payload)}`;
    this.tokens.set(accessToken, issued);
    this.issuedPerTenant.set(
      tenantId,
      (this.issuedPerTenant.get(tenantId) ?? 0) + 1,
    );
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: this.lifetimeSeconds,
      ext_expires_in: this.lifetimeSeconds,
      access_token: accessToken,
    });
  }

  private clientProblem(
    tenantId: string,
    clientId: string,
    form: URLSearchParams,
  ): string | undefined {
    const client = this.clients.get(clientId);
    if (!client) return `AADSTS700016: application ${clientId} not found.`;
    if (client.kind === 'secret')
      return form.get('client_secret') === client.secret
        ? undefined
        : 'AADSTS7000215: invalid client secret provided.';
    const assertion = form.get('client_assertion');
    if (!assertion) return 'AADSTS7000216: client_assertion is required.';
    const problem = clientAssertionProblem(
      assertion,
      client.certificate,
      clientId,
      this.tokenEndpoint(tenantId),
    );
    return problem && `AADSTS700027: client assertion refused: ${problem}.`;
  }
}

function oauthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
): void {
  sendJson(res, status, { error, error_description: description });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
