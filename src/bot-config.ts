import type { CallingWebhookOptions } from 'nestjs-calling-webhook';
import {
  readCallControlSettings,
  type AnsweringSettings,
  type OutboundSettings,
} from './call-control-settings.js';
import { readFleetSettings } from './fleet-settings.js';
import { readRoutingSettings } from './routing-settings.js';
import { InvalidSettingError, MissingSettingError } from './setting-errors.js';

/** The sample bot's settings, read from the environment. */
export interface BotConfig {
  readonly port: number;
  readonly webhook: CallingWebhookOptions;
  readonly answering: AnsweringSettings;
  /** What the log lines of handled events name this instance. */
  readonly instanceId: string;
  /** The outbound-calls route's settings; `undefined`: the route does not exist. */
  readonly outbound: OutboundSettings | undefined;
}

export { MissingSettingError };

/** Splits a comma-separated variable into its non-empty items. */
function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

/** Reads the bot's configuration from environment variables. */
export function readBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const appIds = list(env.CALLING_APP_ID);
  if (!appIds) {
    throw new MissingSettingError(
      "CALLING_APP_ID is not set: set it to the bot's Microsoft App ID (comma-separated for several), e.g. CALLING_APP_ID=00000000-0000-0000-0000-000000000000",
    );
  }
  const port = Number(env.PORT ?? 3000);
  const control = readCallControlSettings(env);
  const { fleet, instanceId } = readFleetSettings(env);
  if (control.outbound && !env.CALLING_PUBLIC_URL?.trim()) {
    throw new InvalidSettingError(
      'CALLING_PUBLIC_URL must be set when CALLING_SAMPLE_API_KEY is: Graph needs a callback URI to place a call',
    );
  }
  return {
    port,
    webhook: {
      appId: appIds.length === 1 ? appIds[0] : appIds,
      openIdConfigurationUrl: env.CALLING_OPENID_CONFIGURATION_URL || undefined,
      issuers: list(env.CALLING_ISSUERS),
      allowedTenants: list(env.CALLING_ALLOWED_TENANTS),
      ...readRoutingSettings(env),
      ...control.webhook,
      fleet,
    },
    answering: control.answering,
    instanceId,
    outbound: control.outbound,
  };
}
