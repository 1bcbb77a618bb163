import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { GraphCallError, type CallControl } from 'nestjs-calling-webhook';
import type { App } from 'supertest/types.js';
import type { CapturedLogs } from './support/webhook-app.js';
import {
  controlOptions,
  startControlApp,
  startControlKit,
  TENANT_A,
  type ControlKit,
} from './support/control-kit.js';

const CALL = { callId: 'robust', tenantId: TENANT_A };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as GraphCallError,
  );

describe('CallControl: retries, timeouts and errors', () => {
  let kit: ControlKit;
  let app: INestApplication<App>;
  let calls: CallControl;
  let logs: CapturedLogs;
  beforeAll(async () => {
    kit = await startControlKit();
    ({ app, calls, logs } = await startControlApp(
      kit,
      controlOptions(kit, {
        graphRequestTimeoutMs: 300,
        graphRetry: { maxAttempts: 3, maxTotalMs: 5_000, baseDelayMs: 10 },
      }),
    ));
  });
  afterAll(async () => {
    await app.close();
    await kit.close();
  });
  beforeEach(() => {
    kit.graph.reset();
    kit.graph.addCall(CALL.callId, TENANT_A);
    logs.lines.length = 0;
  });

  it('retries a 429 after the Retry-After seconds, with the same client-request-id', async () => {
    kit.graph.failNext(1, { status: 429, retryAfter: 1 });
    await calls.answer(CALL, { acceptedModalities: ['audio'] });
    const [first, second] = kit.graph.requests;
    expect([first.status, second.status]).toEqual([429, 202]);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
    expect(second.headers['client-request-id']).toBe(
      first.headers['client-request-id'],
    );
    expect(second.body).toEqual(first.body);
    expect(logs.lines.join('\n')).toContain('429 TooManyRequests');
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 2_000);
    kit.graph.failNext(1, { status: 503, retryAfter: at.toUTCString() });
    await calls.hangUp(CALL);
    const [first, second] = kit.graph.requests;
    expect(second.status).toBe(204);
    // HTTP dates have whole seconds: the wait ends at the named second, not before.
    expect(second.receivedAt).toBeGreaterThanOrEqual(
      Math.floor(at.getTime() / 1000) * 1000 - 50,
    );
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('retries 502, 503 and 504 and gives up after maxAttempts with the last status', async () => {
    kit.graph.failNext(1, { status: 502 });
    kit.graph.failNext(1, { status: 504 });
    kit.graph.failNext(5, { status: 503 });
    const error = await failure(
      calls.answer(CALL, { acceptedModalities: ['audio'] }),
    );
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('ServiceUnavailable');
    expect(error.attempts).toBe(3);
    expect(kit.graph.requests.map((r) => r.status)).toEqual([502, 504, 503]);
    expect(
      new Set(kit.graph.requests.map((r) => r.headers['client-request-id']))
        .size,
    ).toBe(1);
    expect(error.clientRequestId).toBe(
      kit.graph.requests[0].headers['client-request-id'],
    );
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives up at once when Retry-After asks for more than the time budget', async () => {
    kit.graph.failNext(1, { status: 429, retryAfter: 60 });
    const error = await failure(calls.hangUp(CALL));
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(1);
    expect(kit.graph.requests).toHaveLength(1);
  });

  it('does not retry a 4xx other than 429', async () => {
    for (const status of [400, 403, 404, 409]) {
      kit.graph.reset();
      kit.graph.failNext(1, { status });
      const error = await failure(calls.reject(CALL, { reason: 'none' }));
      expect(error.status).toBe(status);
      expect(error.attempts).toBe(1);
      expect(kit.graph.requests).toHaveLength(1);
    }
  });

  it('times out a slow answer and retries it', async () => {
    kit.graph.failNext(1, { delayMs: 1_000 });
    await calls.hangUp(CALL);
    // The abandoned attempt is recorded when the fake would have answered it.
    await vi.waitFor(() => expect(kit.graph.requests).toHaveLength(2));
    expect(kit.graph.requests.map((r) => r.status)).toEqual([204, 0]);
    expect(logs.lines.join('\n')).toContain('timeout');
  });

  it('fails with code timeout when every attempt is too slow', async () => {
    kit.graph.failNext(3, { delayMs: 1_000 });
    const error = await failure(calls.hangUp(CALL));
    expect(error.code).toBe('timeout');
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('no answer within 300 ms');
    // Let the fake record the abandoned attempts before the next test looks.
    await vi.waitFor(() => expect(kit.graph.requests).toHaveLength(3), {
      timeout: 3_000,
    });
    expect(kit.graph.requests.every((r) => r.status === 0)).toBe(true);
  });

  it('gives each logical call its own client-request-id', async () => {
    await calls.hangUp(CALL);
    await calls.hangUp(CALL);
    const [a, b] = kit.graph.requests.map(
      (r) => r.headers['client-request-id'],
    );
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it('never puts the access token in an error, a log line or what Graph saw recorded', async () => {
    kit.graph.failNext(1, { status: 503 });
    kit.graph.failNext(5, { status: 401 });
    const error = await failure(calls.hangUp(CALL));
    const everything = [
      error.message,
      JSON.stringify(error),
      ...logs.lines,
      JSON.stringify(kit.graph.requests),
    ].join('\n');
    const issued = kit.tokens.issuedTokens();
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) expect(everything).not.toContain(token);
  });
});

describe('CallControl: network errors', () => {
  it('retries a refused connection and fails with code networkError', async () => {
    const kit = await startControlKit();
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, {
        graphBaseUrl: `http://127.0.0.1:${port}/v1.0`,
        graphRetry: { maxAttempts: 2, baseDelayMs: 10 },
      }),
    );
    const error = await failure(calls.hangUp(CALL));
    expect(error.code).toBe('networkError');
    expect(error.graphMessage).toBe('ECONNREFUSED');
    expect(error.attempts).toBe(2);
    await app.close();
    await kit.close();
  });
});
