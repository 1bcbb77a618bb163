import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import {
  CALLING_DUPLICATE_STORE,
  OnCallNotification,
  type CallingDuplicateStore,
  type AnyCallNotificationEvent,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import {
  deferred,
  EventRecorder,
  graphFixture,
  postNotification,
} from './support/events-kit.js';
import { STACK_TRACE } from './support/fixture-files.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const ESTABLISHED = 'v1.0__call-answer__03__notification-established.json';
const CALL_ID = '57DAB8B1894C409AB240BD8BEAE78896';
const SECRET = 'secret-from-the-handler';

/** What the handlers below do next: set by each test. */
class Behaviour {
  /** Throws this many times before it succeeds. */
  failures = 0;
  /** Held until the test lets it go. */
  gate: Promise<void> | undefined;
  done = deferred();
}

@Injectable()
class AckHandlers {
  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
    @Inject(Behaviour) private readonly behaviour: Behaviour,
  ) {}

  @OnCallNotification()
  async flaky(event: AnyCallNotificationEvent): Promise<void> {
    this.recorder.record('flaky', event);
    if (this.behaviour.gate) await this.behaviour.gate;
    if (this.behaviour.failures > 0) {
      this.behaviour.failures -= 1;
      throw new Error(`${SECRET} on ${event.callId}`);
    }
    this.behaviour.done.resolve();
  }

  @OnCallNotification()
  steady(event: AnyCallNotificationEvent): void {
    this.recorder.record('steady', event);
  }
}

async function start(
  platform: HttpPlatform,
  provider: LocalOpenIdProvider,
  options: Partial<CallingWebhookOptions>,
) {
  const recorder = new EventRecorder();
  const behaviour = new Behaviour();
  const logs = new CapturedLogs();
  const app = await startWebhookApp(provider, options, logs, {
    platform,
    providers: [
      { provide: EventRecorder, useValue: recorder },
      { provide: Behaviour, useValue: behaviour },
      AckHandlers,
    ],
  });
  return { app, recorder, behaviour, logs };
}

describe.each(HTTP_PLATFORMS)('%s: acknowledgement', (platform) => {
  describe('after handlers (default)', () => {
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    let recorder: EventRecorder;
    let behaviour: Behaviour;
    let logs: CapturedLogs;
    let token: string;
    const post = (body: unknown, headers?: Record<string, string>) =>
      postNotification(app, provider, body, headers);

    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
      ({ app, recorder, behaviour, logs } = await start(platform, provider, {
        acknowledgementBudgetMs: 300,
      }));
      token = provider.mint();
    });
    afterAll(async () => {
      await app.close();
      await provider.close();
    });
    beforeEach(() => {
      recorder.clear();
      logs.lines.length = 0;
      behaviour.failures = 0;
      behaviour.gate = undefined;
      behaviour.done = deferred();
    });

    it('answers 202 once every handler is done', async () => {
      const res = await post(graphFixture(INCOMING));
      expect(res.status).toBe(202);
      expect(recorder.handlers().sort()).toEqual(['flaky', 'steady']);
    });

    it('answers 500 when a handler throws, without the error or a stack, and logs the call id', async () => {
      behaviour.failures = 1;
      const res = await postNotification(
        app,
        provider,
        graphFixture(INCOMING),
        {},
        token,
      );
      expect(res.status).toBe(500);
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(STACK_TRACE);
      // The other handler of the notification ran all the same.
      expect(recorder.handlers().sort()).toEqual(['flaky', 'steady']);
      const line = logs.lines.find((l) =>
        l.includes('AckHandlers.flaky failed'),
      );
      expect(line).toContain(CALL_ID);
      for (const l of logs.lines) {
        expect(l).not.toMatch(STACK_TRACE);
        expect(l).not.toContain(token.split('.')[2]);
      }
    });

    it('runs the next notification of a body when one fails', async () => {
      behaviour.failures = 1;
      const body = {
        value: [
          graphFixture(INCOMING).value[0],
          graphFixture(ESTABLISHED).value[0],
        ],
      };
      const res = await post(body);
      expect(res.status).toBe(500);
      expect(recorder.seen.map((s) => s.event.index)).toEqual([0, 0, 1, 1]);
    });

    it('does not run handlers again for a redelivery after success (same message id)', async () => {
      const headers = { 'X-Microsoft-Skype-Message-ID': 'redelivered-1' };
      expect((await post(graphFixture(INCOMING), headers)).status).toBe(202);
      expect((await post(graphFixture(INCOMING), headers)).status).toBe(202);
      expect(recorder.handlers()).toHaveLength(2);
      // Another message id is another notification, even with the same body.
      await post(graphFixture(INCOMING), {
        'X-Microsoft-Skype-Message-ID': 'redelivered-2',
      });
      expect(recorder.handlers()).toHaveLength(4);
    });

    it('without a message id, recognises a redelivery by its body', async () => {
      const body = graphFixture(ESTABLISHED);
      expect((await post(body, {})).status).toBe(202);
      expect((await post(body, {})).status).toBe(202);
      expect(recorder.handlers()).toHaveLength(2);
      (body.value[0].resourceData as Record<string, unknown>)['@odata.etag'] =
        'W/"5446"';
      await post(body, {});
      expect(recorder.handlers()).toHaveLength(4);
    });

    it('runs the handlers again when the platform retries a failed delivery', async () => {
      behaviour.failures = 1;
      const headers = { 'X-Microsoft-Skype-Message-ID': 'retried-1' };
      expect((await post(graphFixture(INCOMING), headers)).status).toBe(500);
      expect((await post(graphFixture(INCOMING), headers)).status).toBe(202);
      expect(recorder.handlers().filter((h) => h === 'flaky')).toHaveLength(2);
      await behaviour.done.promise;
    });

    it('answers 202 when the budget passes, warns, and lets the handler finish', async () => {
      const gate = deferred();
      behaviour.gate = gate.promise;
      const headers = { 'X-Microsoft-Skype-Message-ID': 'slow-1' };
      const res = await post(graphFixture(INCOMING), headers);
      expect(res.status).toBe(202);
      expect(
        logs.lines.some((l) =>
          l.includes(
            `Handlers still running after 300 ms: answered 202, they go on in the background {"callId":"${CALL_ID}"}`,
          ),
        ),
      ).toBe(true);
      let finished = false;
      void behaviour.done.promise.then(() => (finished = true));
      await Promise.resolve();
      expect(finished).toBe(false);
      gate.resolve();
      await behaviour.done.promise;
      // Marked handled once it succeeded in the background: a redelivery does not run it again.
      const store = app.get<CallingDuplicateStore>(CALLING_DUPLICATE_STORE);
      await vi.waitFor(async () =>
        expect(await store.has(`${provider.tenantId}:slow-1:0`)).toBe(true),
      );
      behaviour.gate = undefined;
      await post(graphFixture(INCOMING), headers);
      expect(recorder.handlers().filter((h) => h === 'flaky')).toHaveLength(1);
    });
  });

  describe("acknowledge: 'immediately'", () => {
    it('answers 202 at once, runs the handlers after and gives their errors to onHandlerError', async () => {
      const provider = await LocalOpenIdProvider.start();
      const hooked = deferred<[unknown, AnyCallNotificationEvent]>();
      const { app, recorder, behaviour, logs } = await start(
        platform,
        provider,
        {
          acknowledge: 'immediately',
          onHandlerError: (error, event) => hooked.resolve([error, event]),
        },
      );
      try {
        const gate = deferred();
        behaviour.gate = gate.promise;
        behaviour.failures = 1;
        const res = await postNotification(
          app,
          provider,
          graphFixture(INCOMING),
        );
        expect(res.status).toBe(202);
        expect(recorder.handlers()).toContain('flaky');
        gate.resolve();
        const [error, event] = await hooked.promise;
        expect((error as Error).message).toContain(SECRET);
        expect(event.callId).toBe(CALL_ID);
        expect(
          logs.lines.some(
            (l) =>
              l.includes('AckHandlers.flaky failed') && l.includes(CALL_ID),
          ),
        ).toBe(true);
      } finally {
        await app.close();
        await provider.close();
      }
    });
  });

  describe('a duplicate store of the user', () => {
    it('is used instead of the in-memory one', async () => {
      const provider = await LocalOpenIdProvider.start();
      const marked = new Map<string, number>();
      const store = {
        has: (key: string) => Promise.resolve(marked.has(key)),
        mark: (key: string, ttlMs: number) => {
          marked.set(key, ttlMs);
          return Promise.resolve();
        },
      };
      const { app } = await start(platform, provider, {
        duplicateStore: store,
        duplicateTtlMs: 60_000,
      });
      try {
        await postNotification(app, provider, graphFixture(INCOMING), {
          'X-Microsoft-Skype-Message-ID': 'shared-1',
        });
        expect([...marked]).toEqual([
          [`${provider.tenantId}:shared-1:0`, 60_000],
        ]);
      } finally {
        await app.close();
        await provider.close();
      }
    });
  });
});
