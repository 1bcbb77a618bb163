import { readFleetSettings } from './fleet-settings.js';

describe('readFleetSettings', () => {
  it('configures no fleet without CALLING_REDIS_URL, and names the instance by host and pid', () => {
    const settings = readFleetSettings({});
    expect(settings.fleet).toBeUndefined();
    expect(settings.instanceId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('reads the fleet from CALLING_REDIS_URL and the rest', () => {
    expect(
      readFleetSettings({
        CALLING_REDIS_URL: 'redis://127.0.0.1:6379',
        CALLING_INSTANCE_ID: 'bot-a',
        CALLING_INSTANCE_URL: 'https://a.bot.example.com',
        CALLING_FLEET_ROUTING: 'redirect',
        CALLING_FLEET_LEASE_MS: '5000',
      }),
    ).toEqual({
      fleet: {
        redis: 'redis://127.0.0.1:6379',
        instanceId: 'bot-a',
        instanceUrl: 'https://a.bot.example.com',
        routing: 'redirect',
        leaseMs: 5000,
      },
      instanceId: 'bot-a',
    });
  });

  it('defaults to forward routing and the module’s lease', () => {
    expect(
      readFleetSettings({ CALLING_REDIS_URL: 'redis://redis:6379' }).fleet,
    ).toMatchObject({ routing: 'forward', leaseMs: undefined });
  });

  it.each([
    [
      { CALLING_FLEET_ROUTING: 'redirect' },
      /CALLING_FLEET_ROUTING needs CALLING_REDIS_URL/,
    ],
    [
      { CALLING_REDIS_URL: 'redis://r', CALLING_FLEET_ROUTING: 'sticky' },
      /CALLING_FLEET_ROUTING must be forward or redirect/,
    ],
    [
      { CALLING_REDIS_URL: 'redis://r', CALLING_FLEET_LEASE_MS: '15s' },
      /CALLING_FLEET_LEASE_MS must be a whole number/,
    ],
  ])('names the variable that is wrong (%j)', (env, message) => {
    expect(() => readFleetSettings(env)).toThrow(message);
  });
});
