import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule } from '@azure/msal-node';
import type { CallingWebhookOptions } from '../config/calling-webhook-options.interface.js';
import { badToken, type BadTokenKind } from './bad-tokens.js';
import {
  incomingCallNotification,
  type CallIdentity,
} from './graph-notifications.js';
import { legacyConversation } from './legacy-notifications.js';
import { LocalGraphApi } from './local-graph-api.js';
import {
  LocalOpenIdProvider,
  type LocalSigningKey,
  type MintOptions,
} from './local-openid-provider.js';
import type { LocalTlsCredentials } from './local-tls.js';
import { LocalTokenEndpoint } from './local-token-endpoint.js';
import { NotificationSender } from './notification-sender.js';
import { PlacedCall } from './placed-call.js';

/** What `LocalCallingPlatform.start()` takes; every field has a default. */
export interface LocalCallingPlatformOptions {
  /** The bot's App ID (token `aud`, client id). @default '00000000-0000-0000-0000-0000000000b0' */
  appId?: string;
  /** The tenant calls come from unless `placeCall` names one. @default '11111111-1111-1111-1111-111111111111' */
  tenantId?: string;
  /** The bot's client secret at the local authority. @default 'local-client-secret' */
  clientSecret?: string;
  /** Fixed ports on 127.0.0.1 (a bot started separately keeps its configuration). @default free ports */
  ports?: { openId?: number; graph?: number; authority?: number };
  /** The local authority's TLS key and certificate (keep them to keep a bot's trust). @default a fresh self-signed pair */
  tls?: LocalTlsCredentials;
  /** The notification signing key (keep it to keep a running bot's cached keys). @default a fresh key */
  signingKey?: LocalSigningKey;
  /** How long waits such as `call.answered()` wait. @default 15_000 (the platform's answer window) */
  timeoutMs?: number;
  /** How long one notification POST may take before it counts as unanswered. @default 15_000 */
  deliveryTimeoutMs?: number;
}

/** What `LocalCallingPlatform.placeCall()` takes. */
export interface PlaceCallOptions {
  /** The bot's webhook URL, e.g. `http://127.0.0.1:3000/api/calls`. */
  target: string;
  /** The caller's tenant (token `tid`, the call's tenant). @default the platform's `tenantId` */
  tenant?: string;
  /** The caller. @default a Teams user `Test User` with a fresh id */
  from?: CallIdentity;
  /** The bot called. @default the application `appId`, `Test BOT` */
  to?: CallIdentity;
  /** The caller's region (`source.region`). @default 'westus' */
  region?: string;
  /** Send the legacy body first, as the platform does for a call's first notification. @default true */
  legacy?: boolean;
  /** The call id. @default a fresh UUID */
  callId?: string;
  /** Follow an answer with `establishing`, `established` and a roster. @default true */
  autoEstablish?: boolean;
  /** Default wait of the call's `answered()`, `established()`, ... @default the platform's `timeoutMs` */
  timeoutMs?: number;
}

/** The module options that point a bot at a local platform (trust included). */
export type LocalPlatformWebhookOptions = Pick<
  CallingWebhookOptions,
  | 'appId'
  | 'openIdConfigurationUrl'
  | 'graphBaseUrl'
  | 'authorityHost'
  | 'credentials'
>;

/**
 * The Teams calling platform in a box, on 127.0.0.1: an OpenID configuration and JWKS that sign
 * the notifications (`openId`), a Microsoft Entra authority for app tokens (`tokens`), the Graph
 * communications API (`graph`), and a notification sender. `placeCall()` plays a call against a
 * bot and reacts to the bot's Graph requests as Teams does. Nothing trusts it unless configured to:
 * give the bot `webhookOptions()` (in-process) or `environment()` (a child process).
 */
export class LocalCallingPlatform {
  /** Every call placed, oldest first. */
  readonly calls: PlacedCall[] = [];
  private caDirectory: string | undefined;

  private constructor(
    /** The OpenID provider: keys, rotation, outages, minting. */
    readonly openId: LocalOpenIdProvider,
    /** The local authority issuing app tokens to the bot. */
    readonly tokens: LocalTokenEndpoint,
    /** The fake Graph the bot's call control talks to. */
    readonly graph: LocalGraphApi,
    private readonly options: LocalCallingPlatformOptions,
  ) {}

  /** Starts the platform's three servers (OpenID http, authority https, Graph http) on 127.0.0.1. */
  static async start(
    options: LocalCallingPlatformOptions = {},
  ): Promise<LocalCallingPlatform> {
    const openId = await LocalOpenIdProvider.start({
      appId: options.appId,
      tenantId: options.tenantId,
      port: options.ports?.openId,
      signingKey: options.signingKey,
    });
    try {
      const tokens = await LocalTokenEndpoint.start({
        clientId: openId.appId,
        clientSecret: options.clientSecret,
        tls: options.tls,
        port: options.ports?.authority,
      });
      try {
        const graph = await LocalGraphApi.start({
          tokenEndpoint: tokens,
          port: options.ports?.graph,
        });
        return new LocalCallingPlatform(openId, tokens, graph, options);
      } catch (error) {
        await tokens.close();
        throw error;
      }
    } catch (error) {
      await openId.close();
      throw error;
    }
  }

  /** The bot's App ID. */
  get appId(): string {
    return this.openId.appId;
  }

  /** The default tenant of calls. */
  get tenantId(): string {
    return this.openId.tenantId;
  }

  /** The bot's client secret at the local authority. */
  get clientSecret(): string {
    return this.tokens.clientSecret;
  }

  /** The module's `openIdConfigurationUrl`. */
  get openIdConfigurationUrl(): string {
    return this.openId.openIdConfigurationUrl;
  }

  /** The module's `graphBaseUrl` (`http://127.0.0.1:{port}/v1.0`). */
  get graphBaseUrl(): string {
    return this.graph.baseUrl;
  }

  /** The module's `authorityHost` (`https://127.0.0.1:{port}`). */
  get authorityHost(): string {
    return this.tokens.authorityHost;
  }

  /** The local authority's certificate (PEM), to trust as a CA. */
  get caCertificate(): string {
    return this.tokens.caCertificate;
  }

  /** An msal network client trusting the local authority (`credentials.networkClient`). */
  get networkClient(): INetworkModule {
    return this.tokens.networkClient;
  }

  /** Module options pointing an in-process bot at this platform, trusting it. */
  webhookOptions(): LocalPlatformWebhookOptions {
    return {
      appId: this.appId,
      openIdConfigurationUrl: this.openIdConfigurationUrl,
      graphBaseUrl: this.graphBaseUrl,
      authorityHost: this.authorityHost,
      credentials: {
        clientSecret: this.clientSecret,
        networkClient: this.networkClient,
      },
    };
  }

  /**
   * Environment variables pointing the sample bot (or a bot reading the same names) at this
   * platform, with `NODE_EXTRA_CA_CERTS` naming a file holding the authority's certificate.
   */
  async environment(): Promise<Record<string, string>> {
    return {
      CALLING_APP_ID: this.appId,
      CALLING_OPENID_CONFIGURATION_URL: this.openIdConfigurationUrl,
      CALLING_GRAPH_BASE_URL: this.graphBaseUrl,
      CALLING_AUTHORITY_HOST: this.authorityHost,
      CALLING_APP_SECRET: this.clientSecret,
      NODE_EXTRA_CA_CERTS: await this.caCertificateFile(),
    };
  }

  /** A file holding the authority's certificate (written once, removed on `close()`). */
  async caCertificateFile(): Promise<string> {
    this.caDirectory ??= await mkdtemp(join(tmpdir(), 'calling-sim-'));
    const file = join(this.caDirectory, 'local-authority-ca.pem');
    await writeFile(file, this.caCertificate);
    return file;
  }

  /** A valid calling token for `tenant`, as the platform signs notifications. */
  mintToken(tenant = this.tenantId, options: MintOptions = {}): string {
    return this.openId.mint({
      ...options,
      claims: { tid: tenant, ...options.claims },
    });
  }

  /** A deliberately bad calling token (expired, wrong audience, unknown key, ...). */
  badToken(kind: BadTokenKind, tenant = this.tenantId): string {
    return badToken(this.openId, kind, tenant);
  }

  /** A notification sender signing with fresh tokens of `tenant`. */
  sender(tenant = this.tenantId): NotificationSender {
    return new NotificationSender(
      () => this.mintToken(tenant),
      this.options.deliveryTimeoutMs ?? 15_000,
    );
  }

  /**
   * Places a call to the bot at `target`: the incoming-call notification (legacy first, then
   * Graph on 204, following redirects). Resolves once that delivery is done; then await the
   * returned call's `answered()`, `established()`, ...
   */
  async placeCall(options: PlaceCallOptions): Promise<PlacedCall> {
    const tenantId = options.tenant ?? this.tenantId;
    const callId = options.callId ?? randomUUID();
    const from = options.from ?? { id: randomUUID(), displayName: 'Test User' };
    const to = options.to ?? { id: this.appId, displayName: 'Test BOT' };
    const call = new PlacedCall({
      callId,
      tenantId,
      from,
      to,
      target: options.target,
      graph: this.graph,
      sender: this.sender(tenantId),
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 15_000,
      autoEstablish: options.autoEstablish ?? true,
    });
    this.calls.push(call);
    await call.notify(
      'incoming call',
      incomingCallNotification({
        callId,
        tenantId,
        from,
        to,
        region: options.region,
      }),
      options.legacy === false
        ? undefined
        : legacyConversation({
            id: callId,
            fromId: from.id,
            appId: this.appId,
          }),
    );
    return call;
  }

  /** Stops every server and fails pending waits of placed calls. */
  async close(): Promise<void> {
    for (const call of this.calls) call.close();
    await Promise.allSettled(this.calls.map((call) => call.idle()));
    await this.graph.close();
    await this.tokens.close();
    await this.openId.close();
    if (this.caDirectory)
      await rm(this.caDirectory, { recursive: true, force: true });
  }
}
