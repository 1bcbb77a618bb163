import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';

/**
 * Local OpenID providers shared by the tests of a block (each start generates an RSA key, the
 * costliest part of a key-source test): started before the block, and before each test put back
 * to answering normally (no outage, no delay, no canned document) with their counters at zero.
 * Keys a test rotated stay published, so tests mint with `currentKey` and never assume which it is.
 */
export function useOpenIdProviders(count: number): LocalOpenIdProvider[] {
  const providers: LocalOpenIdProvider[] = [];
  beforeAll(async () => {
    providers.push(
      ...(await Promise.all(
        Array.from({ length: count }, () => LocalOpenIdProvider.start()),
      )),
    );
  });
  afterAll(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
  });
  beforeEach(() => {
    for (const provider of providers) {
      provider.outageStatus = undefined;
      provider.delayMs = 0;
      provider.respondWith('configuration', undefined);
      provider.respondWith('jwks', undefined);
      provider.resetCounters();
    }
  });
  return providers;
}
