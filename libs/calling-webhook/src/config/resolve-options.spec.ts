import {
  DEFAULT_ISSUERS,
  DEFAULT_OPENID_CONFIGURATION_URL,
} from '../calling-webhook.constants.js';
import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';
import {
  isSecureOrLoopbackUrl,
  validateOptions,
} from './calling-webhook-options.schema.js';
import { InvalidCallingWebhookOptionsError } from './invalid-options.error.js';
import { resolveOptions } from './resolve-options.js';

const resolve = (options: Record<string, unknown>, path?: string) =>
  resolveOptions(options as unknown as CallingWebhookOptions, path);

describe('resolveOptions', () => {
  it('applies every authentication default to a lone appId', () => {
    expect(resolve({ appId: 'app' })).toMatchObject({
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
      path: 'api/calls',
    });
  });

  it('keeps several App IDs once each, tenants as a set, hosts in lower case, the path trimmed', () => {
    const resolved = resolve(
      {
        appId: ['a', 'b', 'a'],
        allowedTenants: ['t1'],
        allowedJwksHosts: ['Keys.Example.COM'],
      },
      '/bot/calls/',
    );
    expect(resolved.appIds).toEqual(['a', 'b']);
    expect(resolved.allowedTenants).toEqual(new Set(['t1']));
    expect(resolved.allowedJwksHosts).toEqual(['keys.example.com']);
    expect(resolved.path).toBe('bot/calls');
  });

  it('throws one error listing every problem', () => {
    const attempt = () =>
      resolve({ openIdConfigurationUrl: 'nope', keyFetchTimeoutMs: 0 });
    expect(attempt).toThrow(InvalidCallingWebhookOptionsError);
    expect(attempt).toThrow(
      /appId is required.*keyFetchTimeoutMs must be positive.*openIdConfigurationUrl/,
    );
  });

  it('throws for no options at all', () => {
    expect(() =>
      resolveOptions(undefined as unknown as CallingWebhookOptions, undefined),
    ).toThrow(/appId is required/);
  });
});

describe('validateOptions', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a missing appId', {}, 'appId is required'],
    ['a null appId', { appId: null }, 'appId is required'],
    ['an empty appId', { appId: '' }, 'appId must not be empty'],
    [
      'a numeric appId',
      { appId: 42 },
      'appId must be a string or an array of strings',
    ],
    [
      'an empty appId list',
      { appId: [] },
      'appId must name at least one App ID',
    ],
    [
      'an appId list with an empty id',
      { appId: ['a', ''] },
      'appId must not be empty',
    ],
    [
      'a relative URL',
      { appId: 'a', openIdConfigurationUrl: '/.well-known/x' },
      'openIdConfigurationUrl',
    ],
    [
      'an http URL off loopback',
      { appId: 'a', openIdConfigurationUrl: 'http://api.aps.skype.com/x' },
      'openIdConfigurationUrl',
    ],
    [
      'a non-string URL',
      { appId: 'a', openIdConfigurationUrl: 7 },
      'openIdConfigurationUrl must be a URL',
    ],
    ['empty issuers', { appId: 'a', issuers: [] }, 'issuers must not be empty'],
    [
      'a fractional tolerance',
      { appId: 'a', clockToleranceSeconds: 1.5 },
      'clockToleranceSeconds must be a whole number',
    ],
    [
      'an hour-long tolerance and more',
      { appId: 'a', clockToleranceSeconds: 3601 },
      'clockToleranceSeconds must be at most 3600',
    ],
    [
      'allowedTenants as a string',
      { appId: 'a', allowedTenants: 't1' },
      'allowedTenants must be an array',
    ],
    [
      'a tiny refresh interval',
      { appId: 'a', keyRefreshIntervalMs: 10 },
      'keyRefreshIntervalMs must be at least 1000',
    ],
    [
      'a negative cool-down',
      { appId: 'a', keyRefreshCooldownMs: -1 },
      'keyRefreshCooldownMs must not be negative',
    ],
    [
      'a negative cache size',
      { appId: 'a', verifiedTokenCacheSize: -1 },
      'verifiedTokenCacheSize must not be negative',
    ],
    [
      'prefetchKeys as a string',
      { appId: 'a', prefetchKeys: 'yes' },
      'prefetchKeys must be true or false',
    ],
  ])('names the option for %s', (_name, options, message) => {
    expect(validateOptions(options).join('\n')).toContain(message);
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
    expect(validateOptions(options)).toEqual([]);
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
