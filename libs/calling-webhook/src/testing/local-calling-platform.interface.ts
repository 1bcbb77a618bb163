import type { CallingWebhookOptions } from '../config/calling-webhook-options.interface.js';
import type { CallIdentity } from './graph-notifications.js';
import type { LocalSigningKey } from './local-openid-provider.js';
import type { LocalTlsCredentials } from './local-tls.js';
import type { SimulatedCallOptions } from './simulated-call.interface.js';

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
export interface PlaceCallOptions extends SimulatedCallOptions {
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
