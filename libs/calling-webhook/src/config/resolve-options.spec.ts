import {
  DEFAULT_ISSUERS,
  DEFAULT_OPENID_CONFIGURATION_URL,
} from '../calling-webhook.constants.js';
import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';
import { InvalidCallingWebhookOptionsError } from './invalid-options.error.js';
import { normalizeWebhookPath, resolveOptions } from './resolve-options.js';
import { isSecureOrLoopbackUrl } from './url-rules.js';

const resolve = (options: Record<string, unknown>) =>
  resolveOptions(options as unknown as CallingWebhookOptions);

function problemsOf(options: unknown): string[] {
  try {
    resolveOptions(options as CallingWebhookOptions);
  } catch (error) {
    if (error instanceof InvalidCallingWebhookOptionsError)
      return [...error.problems];
    throw error;
  }
  return [];
}

describe('resolveOptions', () => {
  it('gives every area its defaults from a lone appId', () => {
    const resolved = resolve({ appId: 'app' });
    expect(resolved.auth).toEqual({
      appIds: ['app'],
      openIdConfigurationUrl: DEFAULT_OPENID_CONFIGURATION_URL,
      issuers: DEFAULT_ISSUERS,
      clockToleranceSeconds: 300,
      allowedTenants: undefined,
      keyRefreshIntervalMs: 3_600_000,
      keyRefreshCooldownMs: 10_000,
      keyFetchTimeoutMs: 3_000,
      allowedJwksHosts: [],
      verifiedTokenCacheSize: 10_000,
      prefetchKeys: true,
    });
    expect(resolved.body).toEqual({ limitBytes: 4 * 1024 * 1024 });
    expect(resolved.protocol).toEqual({ maxNotificationsPerRequest: 1000 });
    expect(resolved.affinity).toEqual({
      publicUrl: undefined,
      regionAffinity: undefined,
      partition: undefined,
    });
    expect(resolved.acknowledgement).toEqual({
      acknowledge: 'afterHandlers',
      budgetMs: 4000,
    });
    expect(resolved.events).toMatchObject({
      duplicateTtlMs: 900_000,
      duplicateCacheSize: 10_000,
    });
    expect(resolved.control.credentials).toBeUndefined();
  });

  it('keeps several App IDs once each, tenants as a set, hosts in lower case', () => {
    const { auth } = resolve({
      appId: ['a', 'b', 'a'],
      allowedTenants: ['t1'],
      allowedJwksHosts: ['Keys.Example.COM'],
    });
    expect(auth.appIds).toEqual(['a', 'b']);
    expect(auth.allowedTenants).toEqual(new Set(['t1']));
    expect(auth.allowedJwksHosts).toEqual(['keys.example.com']);
  });

  it('gives partitions their own redirect status, 302 unless told', () => {
    const { affinity } = resolve({
      appId: 'a',
      regionAffinity: {
        currentRegion: 'emea',
        deployments: {},
        redirectStatus: 307,
      },
      partition: { id: 'p1', publicUrl: 'https://p1.example.com/' },
    });
    expect(affinity.regionAffinity?.redirectStatus).toBe(307);
    expect(affinity.partition).toMatchObject({
      publicUrl: 'https://p1.example.com',
      redirectStatus: 302,
    });
  });

  it('throws one error listing every mistake of every area', () => {
    const attempt = () =>
      resolve({
        openIdConfigurationUrl: 'nope',
        keyFetchTimeoutMs: 0,
        bodyLimit: 'lots',
        maxNotificationsPerRequest: 0,
        acknowledge: 'later',
      });
    expect(attempt).toThrow(InvalidCallingWebhookOptionsError);
    expect(attempt).toThrow(
      /appId is required.*openIdConfigurationUrl.*keyFetchTimeoutMs.*bodyLimit.*maxNotificationsPerRequest.*acknowledge/s,
    );
  });

  it.each([undefined, null, 'app'])(
    'throws for options that are not an object (%j)',
    (options) => {
      expect(problemsOf(options)).toEqual([
        "the options must be an object with at least appId (the bot's Microsoft App ID)",
      ]);
    },
  );
});

describe('one message per mistake, saying what to do', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a missing appId',
      {},
      "appId is required: set it to the bot's Microsoft App ID",
    ],
    [
      'a null appId',
      { appId: null },
      "appId is required: set it to the bot's Microsoft App ID",
    ],
    [
      'an empty appId',
      { appId: '' },
      "appId must not be empty: set it to the bot's Microsoft App ID",
    ],
    [
      'a numeric appId',
      { appId: 42 },
      "appId must be the bot's Microsoft App ID (a string), or an array of them",
    ],
    [
      'an empty appId list',
      { appId: [] },
      'appId must list one or more non-empty App IDs',
    ],
    [
      'an appId list with an empty id',
      { appId: ['a', ''] },
      'appId must list one or more non-empty App IDs',
    ],
    [
      'a relative URL',
      { appId: 'a', openIdConfigurationUrl: '/.well-known/x' },
      'openIdConfigurationUrl must be an absolute https URL (http only on a loopback host)',
    ],
    [
      'an http URL off loopback',
      { appId: 'a', openIdConfigurationUrl: 'http://api.aps.skype.com/x' },
      'openIdConfigurationUrl must be an absolute https URL (http only on a loopback host)',
    ],
    [
      'a non-string URL',
      { appId: 'a', openIdConfigurationUrl: 7 },
      'openIdConfigurationUrl must be an absolute https URL (http only on a loopback host)',
    ],
    [
      'empty issuers',
      { appId: 'a', issuers: [] },
      'issuers must name at least one issuer URL',
    ],
    [
      'a fractional tolerance',
      { appId: 'a', clockToleranceSeconds: 1.5 },
      'clockToleranceSeconds must be a whole number from 0 to 3600',
    ],
    [
      'an hour-long tolerance and more',
      { appId: 'a', clockToleranceSeconds: 3601 },
      'clockToleranceSeconds must be a whole number from 0 to 3600',
    ],
    [
      'allowedTenants as a string',
      { appId: 'a', allowedTenants: 't1' },
      'allowedTenants must be an array of tenant ids',
    ],
    [
      'a tiny refresh interval',
      { appId: 'a', keyRefreshIntervalMs: 10 },
      'keyRefreshIntervalMs must be a whole number of at least 1000',
    ],
    [
      'a negative cool-down',
      { appId: 'a', keyRefreshCooldownMs: -1 },
      'keyRefreshCooldownMs must be a whole number of at least 0',
    ],
    [
      'a negative cache size',
      { appId: 'a', verifiedTokenCacheSize: -1 },
      'verifiedTokenCacheSize must be a whole number of at least 0',
    ],
    [
      'prefetchKeys as a string',
      { appId: 'a', prefetchKeys: 'yes' },
      'prefetchKeys must be true or false',
    ],
    [
      'a duplicate store without mark',
      { appId: 'a', duplicateStore: { has: () => true } },
      'duplicateStore must be an object with has(key) and mark(key, ttlMs)',
    ],
    [
      'a hook that is not a function',
      { appId: 'a', onHandlerError: 'log' },
      'onHandlerError must be a function',
    ],
    [
      'a budget past 30 s',
      { appId: 'a', acknowledgementBudgetMs: 60_000 },
      'acknowledgementBudgetMs must be a whole number from 0 to 30000',
    ],
    [
      'a secret left undefined',
      { appId: 'a', credentials: { clientSecret: undefined } },
      'credentials needs a clientSecret or a certificate; leave credentials out when the bot does not act on calls',
    ],
  ])('names the option once for %s', (_name, options, message) => {
    expect(problemsOf(options)).toEqual([message]);
  });

  it.each<Record<string, unknown>>([
    { appId: 'a' },
    { appId: ['a', 'b'] },
    {
      appId: 'a',
      openIdConfigurationUrl:
        'http://127.0.0.1:3978/v1/.well-known/OpenIdConfiguration',
    },
    {
      appId: 'a',
      openIdConfigurationUrl: 'http://localhost/x',
      verifiedTokenCacheSize: 0,
      keyRefreshCooldownMs: 0,
    },
  ])('accepts %j', (options) => {
    expect(problemsOf(options)).toEqual([]);
  });
});

describe('normalizeWebhookPath', () => {
  it.each([
    [undefined, 'api/calls'],
    ['/bot/calls/', 'bot/calls'],
    ['calls', 'calls'],
  ])('%j gives %j', (path, expected) => {
    expect(normalizeWebhookPath(path)).toBe(expected);
  });

  it.each([
    [''],
    ['/'],
    ['api/:id'],
    ['api/*'],
    ['api//calls'],
    ['api/../x'],
    ['a b'],
    [5],
    [null],
  ])('refuses %j with a message naming the path', (path) => {
    expect(() => normalizeWebhookPath(path)).toThrow(
      /^Invalid CallingWebhookModule options: path must be a route such as 'api\/calls'/,
    );
  });
});

describe('isSecureOrLoopbackUrl', () => {
  it.each<[unknown, boolean]>([
    ['https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration', true],
    ['http://127.0.0.1:8080/x', true],
    ['http://[::1]:8080/x', true],
    ['http://localhost/x', true],
    ['http://127.0.0.1.example.com/x', false],
    ['http://api.aps.skype.com/x', false],
    ['ftp://localhost/x', false],
    ['not a url', false],
    [undefined, false],
  ])('%s → %s', (value, expected) => {
    expect(isSecureOrLoopbackUrl(value)).toBe(expected);
  });
});
