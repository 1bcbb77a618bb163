import type { INestApplication } from '@nestjs/common';
import {
  CallControl,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import {
  LocalGraphApi,
  LocalOpenIdProvider,
  LocalTokenEndpoint,
} from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import type { HttpPlatform } from './http-adapters.js';
import { CapturedLogs, startWebhookApp } from './webhook-app.js';

export const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
export const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';

/** The local platform call control talks to: an OpenID provider, a token endpoint, a fake Graph. */
export interface ControlKit {
  provider: LocalOpenIdProvider;
  tokens: LocalTokenEndpoint;
  graph: LocalGraphApi;
  close(): Promise<void>;
}

export async function startControlKit(): Promise<ControlKit> {
  const provider = await LocalOpenIdProvider.start();
  const tokens = await LocalTokenEndpoint.start({ clientId: provider.appId });
  const graph = await LocalGraphApi.start({ tokenEndpoint: tokens });
  return {
    provider,
    tokens,
    graph,
    close: async () => {
      await graph.close();
      await tokens.close();
      await provider.close();
    },
  };
}

/** Options pointing call control at the kit, with the kit's client secret. */
export function controlOptions(
  kit: ControlKit,
  options: Partial<CallingWebhookOptions> = {},
): Partial<CallingWebhookOptions> {
  return {
    credentials: {
      clientSecret: kit.tokens.clientSecret,
      networkClient: kit.tokens.networkClient,
    },
    graphBaseUrl: kit.graph.baseUrl,
    authorityHost: kit.tokens.authorityHost,
    graphRetry: { baseDelayMs: 10 },
    ...options,
  };
}

/**
 * A Nest app with the module configured by `options`, and its `CallControl`. Call control does
 * not go through the HTTP platform: Express unless a test sends to the webhook.
 */
export async function startControlApp(
  kit: ControlKit,
  options: Partial<CallingWebhookOptions>,
  logs = new CapturedLogs(),
  platform: HttpPlatform = 'express',
): Promise<{
  app: INestApplication<App>;
  calls: CallControl;
  logs: CapturedLogs;
}> {
  const app = await startWebhookApp(kit.provider, options, logs, { platform });
  return { app, calls: app.get(CallControl), logs };
}
