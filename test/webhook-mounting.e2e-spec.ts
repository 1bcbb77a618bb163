import { randomUUID } from 'node:crypto';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  CallbackUris,
  CallingWebhookModule,
  OnCallNotification,
  type AnyCallNotificationEvent,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { fixtureText } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { openRequest, release } from './support/raw-http.js';
import {
  CapturedLogs,
  startNestApp,
  startWebhookApp,
} from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

// Where the webhook route lives in an app: under a global prefix, and twice in one app (two
// bots, two modules on two paths), each module checking its own tokens on its own route, on
// Express and Fastify, with and without Expect: 100-continue.

const ESTABLISHED = fixtureText(
  'graph',
  'v1.0__call-answer__03__notification-established.json',
);

/** Counts the notifications handlers saw. */
@Injectable()
class Seen {
  runs = 0;

  @OnCallNotification()
  any(_event: AnyCallNotificationEvent): void {
    this.runs++;
  }
}

describe.each(HTTP_PLATFORMS)(
  '%s: where the webhook is mounted',
  (platform) => {
    let provider: LocalOpenIdProvider;
    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
    });
    afterAll(async () => {
      await provider.close();
    });

    describe("under a global prefix (app.setGlobalPrefix('v1'))", () => {
      let app: INestApplication<App>;
      beforeAll(async () => {
        app = await startWebhookApp(
          provider,
          {
            partition: {
              id: 'p1',
              // The module cannot see setGlobalPrefix: the public URL carries the prefix.
              publicUrl: 'https://p1.bot.example.com/v1',
              peers: { p2: 'https://p2.bot.example.com' },
            },
          },
          new CapturedLogs(),
          { platform, beforeListen: (a) => a.setGlobalPrefix('v1') },
        );
      });
      afterAll(async () => {
        await app.close();
      });

      it('serves /v1/api/calls, and nothing on /api/calls', async () => {
        const token = provider.mint();
        expect(
          (await post(app, { token, path: '/v1/api/calls', body: ESTABLISHED }))
            .status,
        ).toBe(202);
        expect(
          (await post(app, { token, path: '/api/calls', body: ESTABLISHED }))
            .status,
        ).toBe(404);
      });

      it('checks the token there (401 without one)', async () => {
        const res = await post(app, { token: null, path: '/v1/api/calls' });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe(
          'Bearer realm="teams-calling"',
        );
      });

      it('redirects to a peer partition with the prefix kept', async () => {
        const res = await post(app, {
          token: provider.mint(),
          path: '/v1/api/calls/p2?attempt=2',
          body: ESTABLISHED,
        });
        expect(res.status).toBe(302);
        expect(res.headers.location).toBe(
          'https://p2.bot.example.com/v1/api/calls/p2?attempt=2',
        );
      });

      it('gives answered calls a callbackUri the app serves, from a publicUrl with the prefix', async () => {
        const callbackUri = app.get(CallbackUris).forAnsweredCall();
        expect(callbackUri).toBe('https://p1.bot.example.com/v1/api/calls/p1');
        const path = new URL(callbackUri!).pathname;
        expect(
          (await post(app, { token: provider.mint(), path, body: ESTABLISHED }))
            .status,
        ).toBe(202);
      });

      it('gates Expect: 100-continue on the prefixed route', async () => {
        const refused = openRequest(
          app,
          { expect: '100-continue', 'content-length': 1_000 },
          '/v1/api/calls',
        );
        expect((await refused.response).status).toBe(401);
        expect(refused.continued()).toBe(false);

        const accepted = openRequest(
          app,
          {
            expect: '100-continue',
            'content-type': 'application/json',
            authorization: `Bearer ${provider.mint()}`,
            'content-length': Buffer.byteLength(ESTABLISHED),
          },
          '/v1/api/calls',
        );
        await vi.waitFor(() => expect(accepted.continued()).toBe(true));
        accepted.request.end(ESTABLISHED);
        expect((await accepted.response).status).toBe(202);
        release(accepted);
      });
    });

    describe('two modules on two paths in one app', () => {
      let other: LocalOpenIdProvider;
      let app: INestApplication<App>;
      let seen: Seen;

      beforeAll(async () => {
        other = await LocalOpenIdProvider.start({
          appId: '0b0b0b0b-0000-4000-8000-0000000000b2',
        });
        app = await startNestApp(
          {
            imports: [provider, other].map((bot, i) =>
              CallingWebhookModule.forRoot({
                appId: bot.appId,
                openIdConfigurationUrl: bot.openIdConfigurationUrl,
                prefetchKeys: false,
                path: `bots/${i === 0 ? 'first' : 'second'}`,
              }),
            ),
            providers: [Seen],
          },
          new CapturedLogs(),
          { platform },
        );
        seen = app.get(Seen);
      });
      afterAll(async () => {
        await app.close();
        await other.close();
      });
      beforeEach(() => {
        seen.runs = 0;
      });

      it.each([
        ['first', '/bots/first', 202, 401],
        ['second', '/bots/second', 401, 202],
      ])(
        "the %s module takes its bot's tokens and refuses the other's",
        async (_name, path, firstStatus, secondStatus) => {
          // Fresh message ids: a redelivery (handled before in another test) runs no handler.
          const headers = () => ({
            'X-Microsoft-Skype-Message-ID': randomUUID(),
          });
          const first = await post(app, {
            token: provider.mint(),
            path,
            body: ESTABLISHED,
            headers: headers(),
          });
          const second = await post(app, {
            token: other.mint(),
            path,
            body: ESTABLISHED,
            headers: headers(),
          });
          expect([first.status, second.status]).toEqual([
            firstStatus,
            secondStatus,
          ]);
          // Each accepted notification ran the handlers once, not once per module.
          expect(seen.runs).toBe(1);
        },
      );

      it.each([
        ['first', '/bots/first'],
        ['second', '/bots/second'],
      ])(
        "gates Expect: 100-continue on the %s module's path with that module's tokens",
        async (name, path) => {
          const [own, foreign] =
            name === 'first' ? [provider, other] : [other, provider];
          const refused = openRequest(
            app,
            {
              expect: '100-continue',
              'content-type': 'application/json',
              authorization: `Bearer ${foreign.mint()}`,
              'content-length': 1_000,
            },
            path,
          );
          expect((await refused.response).status).toBe(401);
          expect(refused.continued()).toBe(false);

          const accepted = openRequest(
            app,
            {
              expect: '100-continue',
              'content-type': 'application/json',
              authorization: `Bearer ${own.mint()}`,
              'content-length': Buffer.byteLength(ESTABLISHED),
            },
            path,
          );
          await vi.waitFor(() => expect(accepted.continued()).toBe(true));
          accepted.request.end(ESTABLISHED);
          expect((await accepted.response).status).toBe(202);
          release(accepted);
        },
      );
    });
  },
);

describe('the path option', () => {
  // An empty path made the webhook the route of every one-segment POST of the app (a user's
  // `POST /orders` got 401); a parameter or a wildcard would take other routes the same way.
  it.each(['', '/', 'api/:call', 'calls/*'])(
    'refuses %j when the module is declared, naming the option',
    (path) => {
      expect(() =>
        CallingWebhookModule.forRoot({ appId: randomUUID(), path }),
      ).toThrow(/path must be a route such as 'api\/calls'/);
    },
  );
});

describe('an HTTP platform the module cannot get in front of', () => {
  // Another platform would hand the webhook bodies some parser read before the token: the app
  // must not start, and must say what to change.
  class OtherPlatformAdapter extends ExpressAdapter {
    override getType(): string {
      return 'other';
    }
  }

  it('starts in an application context without HTTP (a worker using CallControl), which serves no webhook', async () => {
    @Module({
      imports: [
        CallingWebhookModule.forRoot({
          appId: randomUUID(),
          openIdConfigurationUrl: 'https://127.0.0.1:1/openid',
          prefetchKeys: false,
        }),
      ],
    })
    class WorkerModule {}
    const context = await NestFactory.createApplicationContext(WorkerModule, {
      logger: false,
    });
    await context.close();
  });

  it('fails the start-up with a message naming both supported platforms', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CallingWebhookModule.forRoot({
          appId: randomUUID(),
          openIdConfigurationUrl: 'https://127.0.0.1:1/openid',
          prefetchKeys: false,
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication(new OtherPlatformAdapter(), {
      logger: false,
    });
    await expect(app.init()).rejects.toThrow(
      /runs on @nestjs\/platform-express or @nestjs\/platform-fastify; this app's HTTP adapter is 'other'/,
    );
    await app.close();
  });
});
