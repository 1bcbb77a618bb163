import { affinityOptionProblems } from './affinity-options.js';

describe('affinityOptionProblems', () => {
  it('accepts well-formed options', () => {
    expect(
      affinityOptionProblems({
        publicUrl: 'https://bot.example.com/base/',
        regionAffinity: {
          currentRegion: 'amer',
          deployments: {
            emea: 'https://emea.example.com',
            local: 'http://127.0.0.1:3000',
          },
          resolver: () => undefined,
          redirectStatus: 307,
        },
        partition: {
          id: 'p_1.a~b-c',
          publicUrl: 'https://p1.example.com',
          peers: {},
        },
      }),
    ).toEqual([]);
  });

  it('names each bad option', () => {
    expect(
      affinityOptionProblems({
        publicUrl: 'bot.example.com',
        regionAffinity: {
          currentRegion: 3,
          deployments: { emea: 'https://emea.example.com#x' },
          resolver: 'byTenant',
          redirectStatus: '302',
        },
        partition: { id: '', publicUrl: 'https://p1.example.com', peers: [] },
      }),
    ).toEqual([
      'publicUrl must be an absolute http(s) URL without query or fragment',
      'regionAffinity.currentRegion must name this deployment',
      'regionAffinity.deployments.emea must be an absolute http(s) URL without query or fragment',
      'regionAffinity.resolver must be a function or an injectable class',
      'regionAffinity.redirectStatus must be 302 or 307',
      'partition.id must be 1 to 64 letters, digits or ._~- characters',
      'partition.peers must be an object of base URLs',
    ]);
  });

  it('refuses non-object sections', () => {
    expect(
      affinityOptionProblems({ regionAffinity: 'emea', partition: 1 }),
    ).toEqual([
      'regionAffinity must be an object',
      'partition must be an object',
    ]);
  });
});
