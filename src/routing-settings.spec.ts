import { readRoutingSettings } from './routing-settings.js';

describe('readRoutingSettings', () => {
  it('gives no public URL unless told (no callback URI Graph could not reach) and configures nothing else', () => {
    expect(readRoutingSettings({})).toEqual({
      publicUrl: undefined,
      regionAffinity: undefined,
      partition: undefined,
      bodyLimit: undefined,
    });
  });

  it('reads region, deployments, tenant regions, partitions and body limit', async () => {
    const settings = readRoutingSettings({
      CALLING_PUBLIC_URL: 'https://p1.bot.example.com',
      CALLING_REGION: 'amer',
      CALLING_DEPLOYMENTS:
        'emea=https://emea.bot.example.com, amer=https://amer.bot.example.com',
      CALLING_TENANT_REGIONS: 'tenant-a=emea',
      CALLING_PARTITION: 'p1',
      CALLING_PARTITIONS: 'p2=https://p2.bot.example.com',
      CALLING_BODY_LIMIT: '8mb',
    });
    expect(settings.regionAffinity).toMatchObject({
      currentRegion: 'amer',
      deployments: {
        emea: 'https://emea.bot.example.com',
        amer: 'https://amer.bot.example.com',
      },
    });
    const resolver = settings.regionAffinity?.resolver as (input: {
      principal: { tenantId: string };
    }) => unknown;
    expect(await resolver({ principal: { tenantId: 'tenant-a' } })).toBe(
      'emea',
    );
    expect(settings.partition).toEqual({
      id: 'p1',
      publicUrl: 'https://p1.bot.example.com',
      peers: { p2: 'https://p2.bot.example.com' },
    });
    expect(settings.bodyLimit).toBe('8mb');
  });

  it.each([
    [{ CALLING_DEPLOYMENTS: 'emea' }, /CALLING_DEPLOYMENTS must be/],
    [{ CALLING_DEPLOYMENTS: 'emea=https://e.example.com' }, /CALLING_REGION/],
    [
      { CALLING_PARTITIONS: 'p2=https://p2.example.com' },
      /CALLING_PARTITION must/,
    ],
    [{ CALLING_PARTITION: 'p1' }, /CALLING_PUBLIC_URL must be set/],
  ])('names the variable that is wrong (%j)', (env, message) => {
    expect(() => readRoutingSettings(env)).toThrow(message);
  });
});
