import { resolveAuthOptions } from './auth-options.js';
import type { CallingPrincipal } from './calling-principal.interface.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

const cacheOf = (size: number) =>
  new VerifiedTokenCache(
    resolveAuthOptions({ appId: 'app', verifiedTokenCacheSize: size }),
  );

const principal = (exp: number): CallingPrincipal => ({
  appId: 'app',
  tenantId: 't',
  issuer: 'https://api.botframework.com',
  claims: { aud: 'app', iss: 'https://api.botframework.com', tid: 't', exp },
});

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('VerifiedTokenCache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives back a remembered token until its exp, not after', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const cache = cacheOf(10);
    const p = principal(1_700_000_010);
    cache.remember('t1', p);
    expect(cache.get('t1')).toBe(p);
    vi.setSystemTime(1_700_000_009_999);
    expect(cache.get('t1')).toBe(p);
    vi.setSystemTime(1_700_000_010_000);
    expect(cache.get('t1')).toBeUndefined();
  });

  it('does not remember an expired token, nor anything when its size is 0', () => {
    const expired = cacheOf(10);
    expired.remember('t1', principal(Math.floor(Date.now() / 1000) - 1));
    expect(expired.size).toBe(0);
    const off = cacheOf(0);
    off.remember('t1', principal(inAnHour()));
    expect(off.get('t1')).toBeUndefined();
    expect(off.size).toBe(0);
  });

  it('never holds more than its size, and spares the tokens read since they came', () => {
    const cache = cacheOf(3);
    for (const t of ['a', 'b', 'c']) cache.remember(t, principal(inAnHour()));
    cache.get('a');
    cache.get('c');
    cache.remember('d', principal(inAnHour()));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    for (const t of ['a', 'c', 'd']) expect(cache.get(t)).toBeDefined();
    // A long run of new tokens keeps it at its size.
    for (let i = 0; i < 1000; i++)
      cache.remember(`n${i}`, principal(inAnHour()));
    expect(cache.size).toBe(3);
  });

  it('replaces a token remembered twice without growing', () => {
    const cache = cacheOf(2);
    cache.remember('a', principal(inAnHour()));
    cache.remember('a', principal(inAnHour()));
    cache.remember('b', principal(inAnHour()));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('b')).toBeDefined();
  });
});
