import type { INestApplication } from '@nestjs/common';
import {
  OpenIdKeySource,
  type CallingWebhookOptions,
} from 'nestjs-calling-webhook';
// The cache is internal: reached by its class, as the module registers it.
import { VerifiedTokenCache } from '../libs/calling-webhook/src/auth/verified-token.cache.js';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { expectRefusal } from './support/auth-expectations.js';
import { advanceClock, useFrozenClock } from './support/frozen-clock.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { useOpenIdProviders } from './support/openid-provider.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';
import { post as postTo } from './support/webhook-client.js';

// The verified-token cache, proven by behaviour: a cached token passes where a signature check
// would fail, and the cache forgets by size and at `exp` (on a frozen `Date`, moved by the test).

describe.each(HTTP_PLATFORMS)('%s: the verified-token cache', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  let logs: CapturedLogs;
  let keySource: OpenIdKeySource;

  async function start(options: Partial<CallingWebhookOptions>): Promise<void> {
    logs = new CapturedLogs();
    app = await startWebhookApp(provider, options, logs, { platform });
    keySource = app.get(OpenIdKeySource);
  }

  const post = (token: string) => postTo(app, { token });

  useFrozenClock();
  const providers = useOpenIdProviders(1);
  beforeEach(() => {
    [provider] = providers;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await app?.close();
  });

  it('passes a token seen before without a key lookup (so without crypto)', async () => {
    await start({});
    const token = provider.mint();
    expect((await post(token)).status).toBe(202);
    const keyLookup = vi.spyOn(keySource, 'knownKey');
    expect((await post(token)).status).toBe(202);
    expect((await post(token)).status).toBe(202);
    expect(keyLookup).not.toHaveBeenCalled();
  });

  it('checks every request again when the cache is off (the control of the test above)', async () => {
    await start({ verifiedTokenCacheSize: 0 });
    const token = provider.mint();
    expect((await post(token)).status).toBe(202);
    const keyLookup = vi.spyOn(keySource, 'knownKey');
    expect((await post(token)).status).toBe(202);
    expect(keyLookup).toHaveBeenCalledTimes(1);
  });

  it('passes a cached token after its key was withdrawn, while a fresh one of that key is refused', async () => {
    await start({ keyRefreshCooldownMs: 0 });
    const oldKey = provider.currentKey;
    const token = provider.mint();
    expect((await post(token)).status).toBe(202);

    provider.rotateKey({ retire: true });
    await keySource.refresh();
    expect(provider.jwks().keys.map((k) => k.kid)).not.toContain(oldKey.kid);

    expect((await post(token)).status).toBe(202);
    const fresh = provider.mint({
      signingKey: oldKey,
      claims: { jti: 'fresh' },
    });
    expectRefusal(
      await post(fresh),
      { status: 401, challenge: 'invalid_token' },
      fresh,
      logs,
    );
  });

  it('holds at most verifiedTokenCacheSize tokens, forgetting the least recently used', async () => {
    await start({ verifiedTokenCacheSize: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((jti) =>
      provider.mint({ claims: { jti } }),
    );
    for (const token of [a, b]) expect((await post(token)).status).toBe(202);
    expect((await post(a)).status).toBe(202); // a is now more recently used than b
    expect((await post(c)).status).toBe(202); // so c pushes b out
    expect(app.get(VerifiedTokenCache).size).toBe(2);

    const keyLookup = vi.spyOn(keySource, 'knownKey');
    expect((await post(a)).status).toBe(202);
    expect((await post(c)).status).toBe(202);
    expect(keyLookup).not.toHaveBeenCalled();
    expect((await post(b)).status).toBe(202);
    expect(keyLookup).toHaveBeenCalledTimes(1);
  });

  it('never serves a token past its exp, whatever the clock tolerance', async () => {
    await start({ clockToleranceSeconds: 0 });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = provider.mint({ claims: { exp } });
    expect((await post(token)).status).toBe(202);
    expect(app.get(VerifiedTokenCache).size).toBe(1);

    advanceClock(exp * 1000 - Date.now() + 1);
    const refused = await post(token);
    expectRefusal(
      refused,
      { status: 401, challenge: 'invalid_token' },
      token,
      logs,
    );
    expect(refused.headers['www-authenticate']).toContain(
      'error_description="token expired"',
    );
  });

  it('does not cache a token accepted only thanks to the clock tolerance', async () => {
    await start({ clockToleranceSeconds: 300 });
    const now = Math.floor(Date.now() / 1000);
    const token = provider.mint({
      claims: { iat: now - 400, nbf: now - 400, exp: now - 10 },
    });
    expect((await post(token)).status).toBe(202);
    expect(app.get(VerifiedTokenCache).size).toBe(0);
  });

  it('does not cache refused tokens', async () => {
    await start({ allowedTenants: ['someone-else'] });
    const token = provider.mint();
    expect((await post(token)).status).toBe(403);
    expect(app.get(VerifiedTokenCache).size).toBe(0);
  });
});
