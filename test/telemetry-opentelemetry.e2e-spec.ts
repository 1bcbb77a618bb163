import {
  LocalCallingPlatform,
  legacyConversation,
  participantsNotification,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import {
  startSampleBot,
  type RunningSampleBot,
} from './support/sample-bot-process.js';

const SERVER = 2;
const CLIENT = 3;
const SCOPE = 'nestjs-calling-webhook';
const CALLER = {
  id: '6b2b6c4c-0b6f-4f0e-9d2a-2f6f1c5e0a11',
  displayName: 'Alice Confidential',
};
// Joins the call from the phone network: neither the number nor the name may be exported.
const PHONE_CALLER = { id: '+14255550123', displayName: 'Bob Confidential' };

// The sample bot as a process with the OpenTelemetry SDK on (OTLP/HTTP JSON to a local
// receiver), driven through a whole call by the local calling platform.
describe.each(HTTP_PLATFORMS)(
  'the sample bot on %s exports traces and metrics over OTLP',
  (adapter) => {
    let receiver: OtlpReceiver;
    let platform: LocalCallingPlatform;
    let sample: RunningSampleBot;

    beforeAll(async () => {
      receiver = await OtlpReceiver.start();
      platform = await LocalCallingPlatform.start();
      sample = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: adapter,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '250',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        // One keepAlive a second (Graph: every 15 minutes), so that a call held a second has one.
        CALLING_KEEP_ALIVE_INTERVAL_MS: '1000',
      });
      // Graph refuses the bot's first request (the answer) once with a 503: it is retried.
      platform.graph.failNext(1, { status: 503, retryAfter: 0 });
      const call = await platform.placeCall({
        target: sample.target,
        from: CALLER,
      });
      await call.established();
      await call.notify(
        'a phone joins',
        participantsNotification(call.id, [
          { identity: PHONE_CALLER, kind: 'phone' },
        ]),
      );
      // Held until a keepAlive went through and an export counted the call as active.
      await vi.waitFor(
        () => {
          expect(call.keepAlives.length).toBeGreaterThan(0);
          expect(receiver.metricValue('calling.active_calls')).toBe(1);
        },
        { timeout: 15_000 },
      );
      await call.sendTone();
      await call.terminated();
      // The platform reuses a token for many notifications: twice the same one is a cache hit.
      const token = platform.mintToken();
      for (let i = 0; i < 2; i++)
        await postLegacy(sample.target, token, platform.appId);
    }, 60_000);

    afterAll(async () => {
      await sample?.bot.stop();
      await platform?.close();
      await receiver?.close();
    });

    const byId = (id: string | undefined) =>
      receiver.spans.find((s) => s.spanId === id);
    const notificationSpans = (status: number) =>
      receiver.spans.filter(
        (s) =>
          s.name === 'calling.notification' &&
          s.attributes['http.response.status_code'] === status,
      );

    it('makes a notification span per webhook request, child of the HTTP server span, with its answer', async () => {
      await vi.waitFor(
        () => {
          for (const status of [202, 204, 401])
            expect(notificationSpans(status).length).toBeGreaterThan(0);
        },
        { timeout: 15_000 },
      );
      for (const status of [202, 204, 401])
        for (const span of notificationSpans(status)) {
          const parent = byId(span.parentSpanId);
          expect(parent?.kind).toBe(SERVER);
          expect(parent?.traceId).toBe(span.traceId);
          expect(parent?.attributes['http.response.status_code']).toBe(status);
          expect(span.scope).toBe(SCOPE);
        }
      const incoming = notificationSpans(202).find(
        (s) => s.attributes['calling.notification.change_type'] === 'created',
      );
      expect(incoming?.attributes).toMatchObject({
        'calling.call.id': platform.calls[0].id,
        'calling.notification.protocol': 'graph',
        'calling.notification.resource_kind': 'call',
        'calling.notification.count': 1,
      });
      expect(
        notificationSpans(204)[0].attributes['calling.notification.protocol'],
      ).toBe('legacy');
      // Refused before its body was read: nothing of the body is known.
      expect(
        notificationSpans(401)[0].attributes['calling.call.id'],
      ).toBeUndefined();
    });

    it('makes handler spans under their notification, and Graph request spans under their handler', async () => {
      const answerSpan = await vi.waitFor(
        () => {
          const span = receiver.spans.find(
            (s) => s.name === 'POST /v1.0/communications/calls/{id}/answer',
          );
          expect(span).toBeDefined();
          return span as ReceivedSpan;
        },
        { timeout: 15_000 },
      );
      expect(answerSpan.kind).toBe(CLIENT);
      expect(answerSpan.attributes).toMatchObject({
        'http.request.method': 'POST',
        'url.template': '/v1.0/communications/calls/{id}/answer',
        'server.address': '127.0.0.1',
        'http.response.status_code': 202,
        // The 503 was retried: one resend, and the retry as an event.
        'http.request.resend_count': 1,
      });
      expect(answerSpan.events).toContainEqual({
        name: 'calling.graph.retry',
        attributes: expect.objectContaining({
          'calling.graph.retry.attempt': 1,
          'http.response.status_code': 503,
        }),
      });
      const handler = byId(answerSpan.parentSpanId);
      expect(handler?.name).toBe('calling.handler CallAnswering.answer');
      expect(handler?.attributes).toMatchObject({
        'calling.handler.name': 'CallAnswering.answer',
        'calling.event.kind': 'call',
      });
      const notification = byId(handler?.parentSpanId);
      expect(notification?.name).toBe('calling.notification');
      expect(notification?.attributes['calling.notification.change_type']).toBe(
        'created',
      );
      // The caller's tone made the sample hang up: the DELETE is the tone handler's.
      await vi.waitFor(() => {
        const hangUp = receiver.spans.find(
          (s) => s.name === 'DELETE /v1.0/communications/calls/{id}',
        );
        expect(byId(hangUp?.parentSpanId)?.name).toBe(
          'calling.handler CallFlow.tone',
        );
      });
    });

    it('exports the metrics: answers by status, handler duration, key refreshes, token cache, Graph requests, keepAlives, active calls', async () => {
      await vi.waitFor(
        () => {
          for (const status of [202, 204, 401])
            expect(
              receiver.metricValue('calling.notifications', {
                'http.response.status_code': status,
              }),
            ).toBeGreaterThan(0);
          expect(
            receiver.metricValue('calling.handler.duration', {
              'calling.handler.name': 'CallAnswering.answer',
            }),
          ).toBe(1);
          expect(
            receiver.metricValue('calling.signing_keys.refreshes', {
              'calling.signing_keys.refresh.outcome': 'success',
            }),
          ).toBeGreaterThan(0);
          expect(
            receiver.metricValue('calling.token_cache.lookups', {
              'calling.token_cache.result': 'hit',
            }),
          ).toBeGreaterThan(0);
          expect(
            receiver.metricValue('calling.token_cache.lookups', {
              'calling.token_cache.result': 'miss',
            }),
          ).toBeGreaterThan(0);
          expect(
            receiver.metricValue('http.client.request.duration', {
              'url.template': '/v1.0/communications/calls/{id}/answer',
              'http.response.status_code': 202,
            }),
          ).toBe(1);
          expect(
            receiver.metricValue('calling.graph.retries', {
              'http.response.status_code': 503,
            }),
          ).toBe(1);
          expect(
            receiver.metricValue('calling.keep_alives', {
              'calling.keep_alive.outcome': 'ok',
            }),
          ).toBeGreaterThan(0);
          // The call ended: no longer active.
          expect(receiver.metricValue('calling.active_calls')).toBe(0);
        },
        { timeout: 15_000 },
      );
      // One call, counted once while it was up.
      expect(Math.max(...receiver.metricHistory('calling.active_calls'))).toBe(
        1,
      );
      expect(
        receiver.metricValue('calling.keep_alives', {
          'calling.keep_alive.outcome': 'failed',
        }),
      ).toBe(0);
      const ours = receiver.metrics.filter((point) => point.scope === SCOPE);
      // Low cardinality: no series per call.
      for (const point of ours)
        expect(point.attributes['calling.call.id']).toBeUndefined();
    });

    it('exports no token, secret, caller name, phone number or Authorization header', async () => {
      await vi.waitFor(
        () => expect(receiver.spans.length).toBeGreaterThan(20),
        {
          timeout: 15_000,
        },
      );
      const exported = receiver.bodies.join('\n');
      const appTokens = platform.tokens.issuedTokens();
      expect(appTokens.length).toBeGreaterThan(0);
      for (const secret of [
        platform.clientSecret,
        ...appTokens,
        CALLER.displayName,
        PHONE_CALLER.displayName,
        PHONE_CALLER.id.slice(1),
      ])
        expect(excerptAround(exported, secret)).toBeUndefined();
      // A calling token is three base64url segments; none is in any attribute.
      expect(
        excerptAround(exported, /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/),
      ).toBeUndefined();
      expect(excerptAround(exported, /authorization|bearer/i)).toBeUndefined();
    });
  },
);

/** The text around the first match of `what` in `text` (a readable failure), or `undefined`. */
function excerptAround(
  text: string,
  what: string | RegExp,
): string | undefined {
  const at = typeof what === 'string' ? text.indexOf(what) : text.search(what);
  return at === -1 ? undefined : text.slice(Math.max(0, at - 200), at + 100);
}

/** POSTs a legacy notification (answered 204) signed with `token`. */
async function postLegacy(
  target: string,
  token: string,
  appId: string,
): Promise<void> {
  const response = await fetch(target, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(
      legacyConversation({ id: 'legacy-call', fromId: CALLER.id, appId }),
    ),
  });
  expect(response.status).toBe(204);
}
