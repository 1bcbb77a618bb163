import type { INestApplication } from '@nestjs/common';
import type { CallingWebhookOptions } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { randomBytes } from 'node:crypto';
import type { App } from 'supertest/types.js';
import { expectRefusal } from './support/auth-expectations.js';
import {
  advanceClock,
  useFrozenClock,
  waitWithClockStill,
} from './support/frozen-clock.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { useOpenIdProviders } from './support/openid-provider.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

// The key source seen from outside: discovery, rotation, outages, slowness and floods, each
// against a fresh app (cold: nothing fetched before the first request) and a provider put back
// to normal (test/support/openid-provider.ts).
// `Date` is frozen (test/support/frozen-clock.ts): key age and cool-downs move when a test
// advances the clock, not with the load of the machine; fetches and their timeouts stay real.

describe.each(HTTP_PLATFORMS)('%s: the key source', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  let logs: CapturedLogs;

  async function start(options: Partial<CallingWebhookOptions>): Promise<void> {
    logs = new CapturedLogs();
    app = await startWebhookApp(provider, options, logs, { platform });
  }

  const post = (token: string) => postTo(app, { token }).timeout(10_000);

  /** Every fetch of the configuration started so far has finished (each failure logs a line). */
  async function fetchesSettled(): Promise<void> {
    await waitWithClockStill(() =>
      expect(
        logs.lines.filter((l) => l.includes('could not be fetched')),
      ).toHaveLength(provider.requests.configuration),
    );
  }

  useFrozenClock();
  const providers = useOpenIdProviders(1);
  beforeEach(() => {
    [provider] = providers;
  });
  afterEach(async () => {
    await app?.close();
  });

  it('accepts a rotated key (new kid) after exactly one refresh', async () => {
    await start({ keyRefreshCooldownMs: 200 });
    expect((await post(provider.mint())).status).toBe(202);
    advanceClock(250); // the platform rotates long after the last fetch
    provider.resetCounters();
    provider.rotateKey();

    expect((await post(provider.mint())).status).toBe(202);
    expect((await post(provider.mint())).status).toBe(202);
    expect(provider.requests).toEqual({ configuration: 1, jwks: 1 });
  });

  it('keeps accepting new tokens of a known key during an issuer outage', async () => {
    await start({ keyRefreshCooldownMs: 0, keyRefreshIntervalMs: 1000 });
    expect((await post(provider.mint())).status).toBe(202);
    provider.outageStatus = 503;
    provider.resetCounters();

    // An unknown kid makes the source try (and fail) to refresh; the known keys must survive it.
    const unknown = provider.mint({
      signingKey: LocalOpenIdProvider.createKey(),
    });
    expectRefusal(
      await post(unknown),
      { status: 401, challenge: 'invalid_token' },
      unknown,
      logs,
    );
    expect(provider.requests.configuration).toBeGreaterThanOrEqual(1);
    advanceClock(1100); // past the refresh interval: a background refresh fails too
    for (let i = 0; i < 3; i++) {
      expect(
        (await post(provider.mint({ claims: { jti: `n${i}` } }))).status,
      ).toBe(202);
    }
    expect(logs.lines.join('\n')).toMatch(
      new RegExp(
        `could not be fetched.*keeping ${provider.jwks().keys.length} known key`,
      ),
    );
  });

  it('refetches stale keys at most once per cool-down during an outage longer than the refresh interval', async () => {
    await start({ keyRefreshIntervalMs: 1000, keyRefreshCooldownMs: 1000 });
    expect((await post(provider.mint())).status).toBe(202);
    provider.outageStatus = 503;
    advanceClock(1100); // the keys are now older than the refresh interval
    provider.resetCounters();
    logs.lines.length = 0;

    for (let i = 0; i < 20; i++) {
      // A distinct token each time: the same claims in the same second sign to the same token,
      // which the verified-token cache would answer without looking at the keys.
      const token = provider.mint({ claims: { jti: `stale-${i}` } });
      expect((await post(token)).status).toBe(202);
      // Each background refresh is over before the next request: a refresh still under way
      // would be joined, not repeated, and the count below would prove nothing.
      await fetchesSettled();
    }
    expect(provider.requests.configuration).toBe(1);
  });

  it('retries a cold key source after 1 s, then 2 s, not after the whole cool-down', async () => {
    provider.outageStatus = 503;
    await start({ keyRefreshCooldownMs: 10_000 });
    const first = await post(provider.mint({ claims: { jti: 'cold-1' } }));
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('1');

    advanceClock(1100);
    const second = await post(provider.mint({ claims: { jti: 'cold-2' } }));
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('2');
    expect(provider.requests.configuration).toBe(2);

    provider.outageStatus = undefined;
    advanceClock(2100);
    expect(
      (await post(provider.mint({ claims: { jti: 'cold-3' } }))).status,
    ).toBe(202);
  });

  it('answers 503 with Retry-After at a cold start outage, and recovers after the cool-down', async () => {
    provider.outageStatus = 503;
    await start({ keyRefreshCooldownMs: 400 });
    const token = provider.mint();
    const first = await post(token);
    expectRefusal(first, { status: 503, challenge: 'none' }, token, logs);

    provider.outageStatus = undefined;
    // Within the cool-down the source is not asked again: still 503, no fetch.
    provider.resetCounters();
    expectRefusal(
      await post(token),
      { status: 503, challenge: 'none' },
      token,
      logs,
    );
    expect(provider.requests.configuration).toBe(0);

    advanceClock(450);
    expect((await post(token)).status).toBe(202);
    expect(provider.requests).toEqual({ configuration: 1, jwks: 1 });
  });

  it('answers 100 concurrent requests at cold start with one discovery and one JWKS fetch', async () => {
    provider.delayMs = 50; // widens the window in which the requests overlap
    await start({});
    const tokens = Array.from({ length: 100 }, (_, i) =>
      provider.mint({ claims: { jti: `c${i}` } }),
    );
    const statuses = (await Promise.all(tokens.map((t) => post(t)))).map(
      (r) => r.status,
    );
    expect(statuses).toEqual(tokens.map(() => 202));
    expect(provider.requests).toEqual({ configuration: 1, jwks: 1 });
  });

  it('refuses 200 tokens with random unknown kids with few JWKS fetches, none hanging', async () => {
    await start({ keyRefreshCooldownMs: 10_000 });
    expect((await post(provider.mint())).status).toBe(202);
    provider.resetCounters();
    const forger = LocalOpenIdProvider.createKey();
    const tokens = Array.from({ length: 200 }, () =>
      provider.mint({
        signingKey: { ...forger, kid: randomBytes(12).toString('hex') },
      }),
    );
    const responses = await Promise.all(tokens.map((t) => post(t)));
    responses.forEach((res, i) =>
      expectRefusal(
        res,
        { status: 401, challenge: 'invalid_token' },
        tokens[i],
        logs,
      ),
    );
    expect(provider.requests.jwks).toBeLessThanOrEqual(2);
    // The valid key still works after the flood.
    expect((await post(provider.mint())).status).toBe(202);
  });

  it('answers 503 within the fetch timeout when the key source is slow', async () => {
    provider.delayMs = 5_000;
    await start({ keyFetchTimeoutMs: 300 });
    const token = provider.mint();
    const started = performance.now();
    const res = await post(token);
    const elapsed = performance.now() - started;
    expectRefusal(res, { status: 503, challenge: 'none' }, token, logs);
    // Not a speed measurement: it proves the request did not wait for the slow source (5 s).
    expect(elapsed).toBeLessThan(3_000);
    expect(logs.lines.join('\n')).toContain('did not answer within 300 ms');
  });

  it('accepts when the key source is slow but within the timeout', async () => {
    provider.delayMs = 100;
    await start({ keyFetchTimeoutMs: 2_000 });
    expect((await post(provider.mint())).status).toBe(202);
  });

  it('answers 503 when the configuration points jwks_uri to a foreign host', async () => {
    provider.respondWith('configuration', {
      body: JSON.stringify({ jwks_uri: 'https://keys.example.net/v1/keys' }),
    });
    await start({});
    const token = provider.mint();
    expectRefusal(
      await post(token),
      { status: 503, challenge: 'none' },
      token,
      logs,
    );
    expect(provider.requests.jwks).toBe(0);
    expect(logs.lines.join('\n')).toContain('keys.example.net is not allowed');
  });

  it('answers 503 when the key set is not JSON', async () => {
    provider.respondWith('jwks', { body: '{"keys": [' });
    await start({});
    const token = provider.mint();
    expectRefusal(
      await post(token),
      { status: 503, challenge: 'none' },
      token,
      logs,
    );
    expect(logs.lines.join('\n')).toContain('malformed JSON');
  });
});
