import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types.js';
import { AppModule } from '../src/app.module.js';
import { readBotConfig } from '../src/bot-config.js';
import { readHttpAdapter } from '../src/http-adapter-setting.js';
import { fixtureText } from './support/fixture-files.js';
import { startControlKit, type ControlKit } from './support/control-kit.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { CapturedLogs, startNestApp } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

const CALL_ID = '57DAB8B1894C409AB240BD8BEAE78896';
const incoming = fixtureText(
  'graph',
  'v1.0__call-answer__01__notification-incoming.json',
);
const established = fixtureText(
  'graph',
  'v1.0__call-answer__03__notification-established.json',
);
// The tone example names another call; the same notification for the answered call.
const tone = fixtureText(
  'graph',
  'v1.0__call-subscribetotone__01__notification-tone-notification.json',
).replace(
  '/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896',
  `/communications/calls/${CALL_ID}`,
);

/**
 * The sample's AppModule as src/bootstrap.ts builds it, on the platform CALLING_HTTP_ADAPTER
 * names (on Fastify, with Nest's default body parsers, as the sample keeps them).
 */
async function startBot(
  kit: ControlKit,
  platform: HttpPlatform,
  env: NodeJS.ProcessEnv,
  logs: CapturedLogs,
) {
  const environment = {
    CALLING_APP_ID: kit.provider.appId,
    CALLING_OPENID_CONFIGURATION_URL: kit.provider.openIdConfigurationUrl,
    CALLING_GRAPH_BASE_URL: kit.graph.baseUrl,
    CALLING_AUTHORITY_HOST: kit.tokens.authorityHost,
    CALLING_HTTP_ADAPTER: platform,
    CALLING_INSTANCE_ID: 'bot-1',
    ...env,
  };
  const config = readBotConfig(environment);
  // The environment cannot carry an HTTP client: trust the local authority's certificate here.
  const credentials = config.webhook.credentials && {
    ...config.webhook.credentials,
    networkClient: kit.tokens.networkClient,
  };
  const adapter = readHttpAdapter(environment);
  return startNestApp(
    {
      imports: [
        AppModule.forConfig({
          ...config,
          webhook: { ...config.webhook, credentials, prefetchKeys: false },
        }),
      ],
    },
    logs,
    {
      platform: adapter,
    },
  );
}

describe.each(HTTP_PLATFORMS)(
  '%s: the sample bot answers, prompts, and hangs up',
  (platform) => {
    let kit: ControlKit;
    beforeEach(async () => {
      kit = await startControlKit();
      kit.graph.addCall(CALL_ID, kit.provider.tenantId);
    });
    afterEach(async () => {
      await kit.close();
    });

    const notify = (app: INestApplication<App>, body: string) =>
      post(app, { token: kit.provider.mint(), body });

    it('answers with service-hosted audio, listens for tones and prompts once established, hangs up on a tone', async () => {
      const logs = new CapturedLogs();
      const app = await startBot(
        kit,
        platform,
        {
          CALLING_APP_SECRET: kit.tokens.clientSecret,
          CALLING_PROMPT_URL: 'https://cdn.contoso.com/welcome.wav',
        },
        logs,
      );
      expect((await notify(app, incoming)).status).toBeLessThan(300);
      await vi.waitFor(() =>
        expect(kit.graph.requestsFor('answer')).toHaveLength(1),
      );
      expect(kit.graph.requestsFor('answer')[0]).toMatchObject({
        tokenTenantId: kit.provider.tenantId,
        status: 202,
        body: {
          acceptedModalities: ['audio'],
          mediaConfig: {
            '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
          },
        },
      });

      expect((await notify(app, established)).status).toBeLessThan(300);
      await vi.waitFor(() =>
        expect(kit.graph.requestsFor('playPrompt')).toHaveLength(1),
      );
      expect(kit.graph.requestsFor('subscribeToTone')).toHaveLength(1);
      expect(kit.graph.requestsFor('playPrompt')[0].body).toMatchObject({
        prompts: [
          { mediaInfo: { uri: 'https://cdn.contoso.com/welcome.wav' } },
        ],
      });

      expect((await notify(app, tone)).status).toBeLessThan(300);
      await vi.waitFor(() =>
        expect(kit.graph.requestsFor('delete')).toHaveLength(1),
      );
      expect(kit.graph.calls.get(CALL_ID)?.state).toBe('terminated');
      expect(logs.lines.join('\n')).toContain(
        `hung up (tone tone1) {"callId":"${CALL_ID}"}`,
      );
      await app.close();
    });

    it('hangs up after the delay when no tone comes', async () => {
      const app = await startBot(
        kit,
        platform,
        {
          CALLING_APP_SECRET: kit.tokens.clientSecret,
          CALLING_HANG_UP_AFTER_MS: '200',
        },
        new CapturedLogs(),
      );
      await notify(app, incoming);
      await notify(app, established);
      await vi.waitFor(
        () => expect(kit.graph.requestsFor('delete')).toHaveLength(1),
        { timeout: 3_000 },
      );
      // No prompt configured: none played.
      expect(kit.graph.requestsFor('playPrompt')).toHaveLength(0);
      await app.close();
    });

    it('without CALLING_APP_SECRET logs the call and does not answer', async () => {
      const logs = new CapturedLogs();
      const app = await startBot(kit, platform, {}, logs);
      // Said once at start-up, not per call: each call has its one line.
      expect(logs.lines).toContain(
        'CALLING_APP_SECRET is not set: incoming calls are logged, not answered',
      );
      expect((await notify(app, incoming)).status).toBeLessThan(300);
      await vi.waitFor(() =>
        // The log line of a handled event names its call and the instance that handled it.
        expect(logs.lines).toContain(
          `incomingCall {"callId":"${CALL_ID}","instance":"bot-1"}`,
        ),
      );
      expect(kit.graph.requests).toHaveLength(0);
      expect(kit.tokens.requests.token).toBe(0);
      await app.close();
    });
  },
);
