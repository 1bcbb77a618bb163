import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Injectable, type INestApplication } from '@nestjs/common';
import {
  applyServerLimits,
  byTenant,
  OnCallNotification,
  OnIncomingCall,
  type AnyCallNotificationEvent,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { graphFixture } from './support/events-kit.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { sendRawText } from './support/raw-http.js';
import {
  CapturedLogs,
  startWebhookApp,
  type WebhookAppSetup,
} from './support/webhook-app.js';

// Issue 15: what probing from outside found after the first hardening round, one block per
// finding, each on both platforms. Every test here failed on the code before the fix.

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const FORGED = '\r\n[Nest] 1 - 11/26/2026 LOG [SampleBot] hung up call=VICTIM';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

function portOf(app: INestApplication<App>): number {
  const server = app.getHttpServer() as unknown as { address(): AddressInfo };
  return server.address().port;
}

/** Posts raw text with a valid token, the way the platform does. */
function post(
  app: INestApplication<App>,
  provider: LocalOpenIdProvider,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: portOf(app),
        method: 'POST',
        path: '/api/calls',
        headers: {
          authorization: `Bearer ${provider.mint()}`,
          'content-type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

@Injectable()
class FailingHandler {
  readonly seen: AnyCallNotificationEvent[] = [];

  @OnCallNotification()
  fail(event: AnyCallNotificationEvent): void {
    this.seen.push(event);
    // User code quoting the payload in its error, as handlers do.
    throw new Error(`cannot handle ${String(event.changeType)}`);
  }
}

@Injectable()
class RecordingHandler {
  readonly seen: AnyCallNotificationEvent[] = [];

  @OnCallNotification()
  record(event: AnyCallNotificationEvent): void {
    this.seen.push(event);
  }
}

@Injectable()
class BusyHandlers {
  handled = 0;

  @OnIncomingCall()
  incoming(): void {
    // A synchronous handler that takes a while: only microtasks between notifications.
    const until = performance.now() + 2;
    while (performance.now() < until) this.handled += 0;
    this.handled += 1;
  }
}

describe.each(HTTP_PLATFORMS)('hostile input, round two (%s)', (platform) => {
  let provider: LocalOpenIdProvider;
  const apps: INestApplication<App>[] = [];

  async function start(
    options: Partial<CallingWebhookOptions> = {},
    logs = new CapturedLogs(),
    setup: WebhookAppSetup = {},
  ): Promise<INestApplication<App>> {
    const app = await startWebhookApp(provider, options, logs, {
      platform: platform as HttpPlatform,
      ...setup,
    });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await provider.close();
  });

  describe('1. log injection', () => {
    it('refuses a call id that is not one (400) and forges no log line', async () => {
      const logs = new CapturedLogs();
      const app = await start({}, logs, { providers: [FailingHandler] });
      const body = graphFixture(INCOMING);
      body.value[0].resourceUrl = `/communications/calls/x${FORGED}`;
      const res = await post(app, provider, JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(app.get(FailingHandler).seen).toEqual([]);
      expect(logs.lines.join('\n')).not.toContain('\n[Nest]');
    });

    it('escapes what the payload put in a handler error and in the change type', async () => {
      const logs = new CapturedLogs();
      const app = await start({}, logs, { providers: [FailingHandler] });
      const body = graphFixture(INCOMING);
      body.value[0].changeType = `created${FORGED}\u202e`;
      const res = await post(app, provider, JSON.stringify(body), {
        'X-Microsoft-Skype-Message-ID': randomUUID(),
      });
      expect(res.status).toBe(500);
      const failures = logs.lines.filter((l) =>
        l.startsWith('Handler FailingHandler.fail failed'),
      );
      expect(failures).toHaveLength(1);
      // The change type is lower-cased when it is read, the handler's error quotes it so.
      expect(failures[0]).toContain('created\\r\\n[nest] 1');
      expect(failures[0]).toContain('\\u202e');
      expect(failures[0]).not.toMatch(/[\r\n\u202e]/);
    });
  });

  describe('2. deep nesting', () => {
    function nestedBody(depth: number): string {
      const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896","resourceData":{"nested":${deep}}}]}`;
    }

    it('refuses a 5,000-level deep notification without a message id with 400, never a 5xx', async () => {
      const app = await start();
      // Twice: a redelivery gets the same answer.
      for (let i = 0; i < 2; i++) {
        const res = await post(app, provider, nestedBody(5_000));
        expect(res.status).toBe(400);
        expect(res.text).toContain('nested deeper than 64 levels');
      }
    });

    it('acknowledges a notification as deep as allowed, and knows its redelivery', async () => {
      const app = await start({}, new CapturedLogs(), {
        providers: [RecordingHandler],
      });
      // The item, resourceData and `nested` are three levels: 61 more make 64. No message id:
      // the redelivery is known by the item's bytes.
      for (let i = 0; i < 2; i++) {
        const res = await post(app, provider, nestedBody(61));
        expect(res.status).toBe(202);
      }
      expect(app.get(RecordingHandler).seen).toHaveLength(1);
    });
  });

  describe('3. path traversal into Graph', () => {
    it.each(['..', '.', '%2E%2E', 'a%2Fb'])(
      'refuses the call id %j with 400 before any handler',
      async (id) => {
        const app = await start({}, new CapturedLogs(), {
          providers: [FailingHandler],
        });
        const body = graphFixture(INCOMING);
        body.value[0].resourceUrl = `/communications/calls/${id}`;
        const res = await post(app, provider, JSON.stringify(body));
        expect(res.status).toBe(400);
        expect(app.get(FailingHandler).seen).toEqual([]);
      },
    );
  });

  describe('4. absolute-form request target', () => {
    it('never redirects to a host of the client: Location is the configured base URL', async () => {
      const app = await start({
        regionAffinity: {
          currentRegion: 'emea',
          deployments: { amer: 'https://amer.example.co' },
          resolver: byTenant({ [provider.tenantId]: 'amer' }),
        },
      });
      const body = JSON.stringify(graphFixture(INCOMING));
      const { statusLine, head } = await sendRawText(
        portOf(app),
        [
          'POST m://attacker/api/calls HTTP/1.1',
          'Host: bot.example.com',
          `Authorization: Bearer ${provider.mint()}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          '',
          body,
        ].join('\r\n'),
      );
      const location = /\r\nlocation: ([^\r]*)/i.exec(head)?.[1];
      if (location === undefined) {
        // A platform may not route such a target at all: then a refusal, never a redirect.
        expect(statusLine).toMatch(/^HTTP\/1\.1 4\d\d /);
      } else {
        expect(statusLine).toMatch(/^HTTP\/1\.1 302 /);
        expect(location).toBe('https://amer.example.co/api/calls');
      }
    });
  });

  describe('5. event-loop stalls', () => {
    it('refuses 100,000 notifications in one POST with 413 before looking at them', async () => {
      const app = await start({}, new CapturedLogs(), {
        providers: [BusyHandlers],
      });
      // Tiny items (300 KB in all, well under bodyLimit): their number alone is refused.
      const body = `{"value":[${Array(100_000).fill('{}').join(',')}]}`;
      const res = await post(app, provider, body);
      expect(res.status).toBe(413);
      expect(res.text).toContain('maxNotificationsPerRequest');
      expect(app.get(BusyHandlers).handled).toBe(0);
    });

    it('lets another request through while a long batch is dispatched', async () => {
      const app = await start(
        { acknowledgementBudgetMs: 30_000 },
        new CapturedLogs(),
        { providers: [BusyHandlers] },
      );
      // A thousand incoming calls (the lifecycle runs @OnIncomingCall once per call).
      const incoming = graphFixture(INCOMING).value[0];
      const batch = JSON.stringify({
        value: Array.from({ length: 1_000 }, () => ({
          ...incoming,
          resourceUrl: `/communications/calls/${randomUUID()}`,
        })),
      });
      const order: string[] = [];
      const long = post(app, provider, batch, {
        'X-Microsoft-Skype-Message-ID': randomUUID(),
      }).then((res) => {
        order.push('batch');
        return res;
      });
      // Once the batch is being dispatched, a small request must not wait for all of it.
      await vi.waitFor(() =>
        expect(app.get(BusyHandlers).handled).toBeGreaterThan(10),
      );
      const small = await post(app, provider, '{"value":[]}');
      order.push('small');
      expect(small.status).toBe(202);
      expect((await long).status).toBe(202);
      expect(order).toEqual(['small', 'batch']);
    });
  });

  describe('6. slow clients', () => {
    it('answers a client too slow to send its headers with 408 once headersTimeout passes', async () => {
      const app = await start({}, new CapturedLogs(), {
        beforeListen: (a) =>
          applyServerLimits(a, {
            headersTimeoutMs: 500,
            requestTimeoutMs: 1_000,
          }),
      });
      const { statusLine } = await sendRawText(
        portOf(app),
        'POST /api/calls HTTP/1.1\r\nHost: x\r\n',
      );
      expect(statusLine).toBe('HTTP/1.1 408 Request Timeout');
    });

    it('closes connections over maxConnections as they come', async () => {
      const app = await start({}, new CapturedLogs(), {
        beforeListen: (a) => applyServerLimits(a, { maxConnections: 2 }),
      });
      const port = portOf(app);
      const open = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<ReturnType<typeof connect>>((resolve) => {
              const socket = connect(port, '127.0.0.1', () => resolve(socket));
            }),
        ),
      );
      const third = connect(port, '127.0.0.1');
      await new Promise((closed) => third.on('close', closed));
      for (const socket of open) socket.destroy();
    });
  });
});
