import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule } from '@azure/msal-node';
import { badToken, type BadTokenKind } from './bad-tokens.js';
import type {
  LocalCallingPlatformOptions,
  LocalPlatformWebhookOptions,
  PlaceCallOptions,
} from './local-calling-platform.interface.js';
import { incomingCallNotification } from './graph-notifications.js';
import { legacyConversation } from './legacy-notifications.js';
import { LocalGraphApi } from './local-graph-api.js';
import {
  LocalOpenIdProvider,
  type MintOptions,
} from './local-openid-provider.js';
import { LocalTokenEndpoint } from './local-token-endpoint.js';
import { NotificationSender } from './notification-sender.js';
import type { OutboundCall } from './outbound-call.js';
import { OutboundCalls } from './outbound-calls.js';
import { PlacedCall } from './placed-call.js';
import type { SimulatedCallOptions } from './simulated-call.interface.js';

/**
 * The Teams calling platform in a box, on 127.0.0.1: an OpenID configuration and JWKS that sign
 * the notifications (`openId`), a Microsoft Entra authority for app tokens (`tokens`), the Graph
 * communications API (`graph`), and a notification sender. `placeCall()` plays a call against a
 * bot and reacts to the bot's Graph requests as Teams does. Nothing trusts it unless configured to:
 * give the bot `webhookOptions()` (in-process) or `environment()` (a child process).
 */
export class LocalCallingPlatform {
  /** Every call placed to the bot, oldest first. */
  readonly calls: PlacedCall[] = [];
  private readonly outbound: OutboundCalls;
  private caDirectory: string | undefined;

  private constructor(
    /** The OpenID provider: keys, rotation, outages, minting. */
    readonly openId: LocalOpenIdProvider,
    /** The local authority issuing app tokens to the bot. */
    readonly tokens: LocalTokenEndpoint,
    /** The fake Graph the bot's call control talks to. */
    readonly graph: LocalGraphApi,
    private readonly options: LocalCallingPlatformOptions,
  ) {
    this.outbound = new OutboundCalls(
      graph,
      (tenantId) => this.sender(tenantId),
      (o) => this.timeoutMs(o),
    );
  }

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
      ...options,
      callId,
      tenantId,
      from,
      to,
      target: options.target,
      graph: this.graph,
      sender: this.sender(tenantId),
      timeoutMs: this.timeoutMs(options),
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

  /** The call the bot placed with this id, once Graph created it. */
  outboundCall(callId: string): OutboundCall | undefined {
    return this.outbound.byId(callId);
  }

  /**
   * The next call the bot places (or meeting it joins), played with `options`: call this before
   * the bot places it, so that the options apply from its first notification on.
   */
  nextOutboundCall(options: SimulatedCallOptions = {}): Promise<OutboundCall> {
    return this.outbound.next(options);
  }

  /** Every call the bot placed (or meeting it joined), oldest first. */
  get outboundCalls(): readonly OutboundCall[] {
    return this.outbound.calls;
  }

  /** Stops every server and fails pending waits of calls. */
  async close(): Promise<void> {
    const all = [...this.calls, ...this.outbound.calls];
    for (const call of all) call.close();
    await Promise.allSettled(all.map((call) => call.idle()));
    await this.graph.close();
    await this.tokens.close();
    await this.openId.close();
    if (this.caDirectory)
      await rm(this.caDirectory, { recursive: true, force: true });
  }

  private timeoutMs(options: SimulatedCallOptions): number {
    return options.timeoutMs ?? this.options.timeoutMs ?? 15_000;
  }
}
