import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { signRs256, withoutUndefined } from './jwt-signing.js';
import { LoopbackServer } from './loopback-server.js';

/** An RSA key pair the provider signs with; `kid` is what tokens and the JWKS name it by. */
export interface LocalSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** What `LocalOpenIdProvider.start()` takes. */
export interface LocalOpenIdProviderOptions {
  /** The App ID minted tokens are for (`aud`). @default '00000000-0000-0000-0000-0000000000b0' */
  appId?: string;
  /** The tenant minted tokens name (`tid`). @default '11111111-1111-1111-1111-111111111111' */
  tenantId?: string;
  /** The issuer of minted tokens (`iss`). @default 'https://api.botframework.com' */
  issuer?: string;
  /** The port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** The first published key (keep it to keep a running bot's cached keys). @default a fresh key */
  signingKey?: LocalSigningKey;
}

/** Changes to the token `mint()` makes; a field set to `undefined` is removed. */
export interface MintOptions {
  /** Claims merged over the defaults (`aud`, `iss`, `tid`, `nbf`, `iat`, `exp`). */
  claims?: Record<string, unknown>;
  /** Header fields merged over the defaults (`alg: RS256`, `typ: JWT`, `kid`, `x5t`). */
  header?: Record<string, unknown>;
  /** Sign with this key instead of the current published one (e.g. one never published). */
  signingKey?: LocalSigningKey;
  /** Lifetime from now, in seconds. @default 300 (what the platform issues) */
  lifetimeSeconds?: number;
}

/** A canned answer for one of the provider's documents, for key-source fault tests. */
export interface CannedResponse {
  status?: number;
  contentType?: string;
  body: string;
  /** Extra response headers (e.g. `Location` for a redirect). */
  headers?: Readonly<Record<string, string>>;
  /** Sends the body chunked, without `Content-Length` (a size the client cannot see up front). */
  chunked?: boolean;
}

type Document = 'configuration' | 'jwks';

/**
 * A local OpenID provider playing the calling platform's key source on 127.0.0.1: real HTTP, real
 * RSA keys, an OpenID configuration and a JWKS, token minting, request counters, and switches
 * for outages, slowness and key rotation.
 */
export class LocalOpenIdProvider {
  /** Requests served per document since start (or the last `resetCounters()`). */
  readonly requests: Record<Document, number> = { configuration: 0, jwks: 0 };
  /** When set, every request is answered with this status (an outage). */
  outageStatus: number | undefined;
  /** Delay before every answer, in milliseconds. */
  delayMs = 0;
  readonly appId: string;
  readonly tenantId: string;
  readonly issuer: string;

  private published: LocalSigningKey[] = [];
  private canned: Partial<Record<Document, CannedResponse>> = {};

  private readonly loopback: LoopbackServer;

  private constructor(server: Server, options: LocalOpenIdProviderOptions) {
    this.loopback = new LoopbackServer(server);
    this.appId = options.appId ?? '00000000-0000-0000-0000-0000000000b0';
    this.tenantId = options.tenantId ?? '11111111-1111-1111-1111-111111111111';
    this.issuer = options.issuer ?? 'https://api.botframework.com';
  }

  /** Starts a provider on a free port of 127.0.0.1 with one published key. */
  static async start(
    options: LocalOpenIdProviderOptions = {},
  ): Promise<LocalOpenIdProvider> {
    let provider!: LocalOpenIdProvider;
    const server = createServer((req, res) => void provider.handle(req, res));
    provider = new LocalOpenIdProvider(server, options);
    provider.rotateKey({ key: options.signingKey });
    await provider.loopback.listen(options.port);
    return provider;
  }

  /** `http://127.0.0.1:{port}`. */
  get baseUrl(): string {
    const port = this.loopback.port;
    return `http://127.0.0.1:${port}`;
  }

  /** The OpenID configuration URL, shaped like the platform's. */
  get openIdConfigurationUrl(): string {
    return `${this.baseUrl}/v1/.well-known/OpenIdConfiguration`;
  }

  /** The key set URL the configuration points to. */
  get jwksUri(): string {
    return `${this.baseUrl}/v1/keys`;
  }

  /** The key tokens are signed with by default (the newest published). */
  get currentKey(): LocalSigningKey {
    return this.published[this.published.length - 1];
  }

  /** Publishes a new key (or `key`) and makes it current; older keys stay published unless `retire` is set. */
  rotateKey(
    options: { retire?: boolean; key?: LocalSigningKey } = {},
  ): LocalSigningKey {
    const key = options.key ?? LocalOpenIdProvider.createKey();
    this.published = options.retire ? [key] : [...this.published, key];
    return key;
  }

  /** A key pair that is not published: tokens signed with it must be refused. */
  static createKey(modulusLength = 2048): LocalSigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength,
    });
    return { kid: randomUUID().replace(/-/g, ''), privateKey, publicKey };
  }

  /** Answers one document with a canned response (or, with `undefined`, normally again). */
  respondWith(document: Document, response: CannedResponse | undefined): void {
    this.canned[document] = response;
  }

  /** Zeroes the request counters. */
  resetCounters(): void {
    this.requests.configuration = 0;
    this.requests.jwks = 0;
  }

  /** A calling token as the platform signs it, changed by `options`. */
  mint(options: MintOptions = {}): string {
    const key = options.signingKey ?? this.currentKey;
    return signRs256(
      this.header({ kid: key.kid, x5t: key.kid, ...options.header }),
      this.claims(options.claims, options.lifetimeSeconds),
      key.privateKey,
    );
  }

  /** The header `mint()` uses (`alg: RS256`, `typ: JWT`, the current `kid`), changed by `overrides`. */
  header(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const kid = this.currentKey.kid;
    return withoutUndefined({
      alg: 'RS256',
      typ: 'JWT',
      kid,
      x5t: kid,
      ...overrides,
    });
  }

  /** The claims `mint()` uses (valid from now for `lifetimeSeconds`), changed by `overrides`. */
  claims(
    overrides: Record<string, unknown> = {},
    lifetimeSeconds = 300,
  ): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return withoutUndefined({
      aud: this.appId,
      iss: this.issuer,
      tid: this.tenantId,
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
      ...overrides,
    });
  }

  /** The JWKS as served now. */
  jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: this.published.map((key) => ({
        ...key.publicKey.export({ format: 'jwk' }),
        kid: key.kid,
        x5t: key.kid,
        use: 'sig',
        alg: 'RS256',
      })),
    };
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    await this.loopback.close();
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const document: Document | undefined =
      path === '/v1/.well-known/OpenIdConfiguration'
        ? 'configuration'
        : path === '/v1/keys'
          ? 'jwks'
          : undefined;
    if (document) this.requests[document]++;
    if (this.delayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (res.destroyed) return;
    if (!document)
      return send(res, 404, 'application/json', '{"error":"not found"}');
    if (this.outageStatus !== undefined)
      return send(res, this.outageStatus, 'text/plain', 'outage');
    const canned = this.canned[document];
    if (canned)
      return send(
        res,
        canned.status ?? 200,
        canned.contentType ?? 'application/json',
        canned.body,
        canned,
      );
    const body =
      document === 'configuration'
        ? {
            issuer: this.issuer,
            authorization_endpoint: 'https://invalid.botframework.com/',
            jwks_uri: this.jwksUri,
            // As the platform publishes it: not a real algorithm name, so nothing may trust it.
            id_token_signing_alg_values_supported: ['RSA256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }
        : this.jwks();
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body));
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  options: Pick<CannedResponse, 'headers' | 'chunked'> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    ...(options.chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
    ...options.headers,
  });
  if (!options.chunked) {
    res.end(body);
    return;
  }
  const step = 16 * 1024;
  for (let i = 0; i < body.length; i += step)
    res.write(body.slice(i, i + step));
  res.end();
}
