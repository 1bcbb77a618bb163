import { fleetOptionProblems, resolveFleetOptions } from './fleet-options.js';

describe('fleet options', () => {
  it('gives defaults from a Redis URL alone', () => {
    expect(resolveFleetOptions({ fleet: { redis: 'redis://r:6379' } })).toEqual(
      {
        redis: 'redis://r:6379',
        instanceId: expect.stringMatching(new RegExp(`-${process.pid}$`)),
        instanceUrl: undefined,
        routing: 'forward',
        leaseMs: 15_000,
        keyPrefix: 'calling-webhook:',
        commandTimeoutMs: 500,
      },
    );
    expect(resolveFleetOptions({})).toBeUndefined();
  });

  it('keeps a command within a quarter of a short lease, and trims the instance URL', () => {
    expect(
      resolveFleetOptions({
        fleet: {
          redis: 'rediss://r',
          leaseMs: 1_000,
          instanceUrl: 'https://a.example.com/',
        },
      }),
    ).toMatchObject({
      commandTimeoutMs: 250,
      instanceUrl: 'https://a.example.com',
    });
  });

  it('accepts an ioredis-like client', () => {
    const client = {
      duplicate: () => client,
      quit: () => undefined,
      status: 'wait',
    };
    expect(fleetOptionProblems({ fleet: { redis: client } })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      'not an object',
      'redis://r',
      'fleet must be an object such as { redis: "redis://..." }',
    ],
    [
      'no redis',
      {},
      'fleet.redis must be an ioredis client or a redis:// (rediss://) URL',
    ],
    [
      'an http URL',
      { redis: 'http://r' },
      'fleet.redis must be an ioredis client or a redis:// (rediss://) URL',
    ],
    [
      'a spaced id',
      { redis: 'redis://r', instanceId: 'a b' },
      'fleet.instanceId must be 1 to 100 letters, digits or ._:- characters',
    ],
    [
      'a URL with a query',
      { redis: 'redis://r', instanceUrl: 'https://a.example.com/?x=1' },
      'fleet.instanceUrl must be an absolute http(s) URL without query or fragment',
    ],
    [
      'a routing of its own',
      { redis: 'redis://r', routing: 'sticky' },
      'fleet.routing must be "forward" or "redirect"',
    ],
    [
      'redirect without a URL',
      { redis: 'redis://r', routing: 'redirect' },
      "fleet.instanceUrl is required by routing 'redirect': set it to this instance's own public URL",
    ],
    [
      'a lease under a second',
      { redis: 'redis://r', leaseMs: 500 },
      'fleet.leaseMs must be a whole number from 1000 to 600000',
    ],
    [
      'a prefix with a hash tag',
      { redis: 'redis://r', keyPrefix: '{bot}:' },
      'fleet.keyPrefix must be at most 100 characters without braces or spaces',
    ],
    [
      'a command longer than a third of the lease',
      { redis: 'redis://r', leaseMs: 1_000, commandTimeoutMs: 400 },
      'fleet.commandTimeoutMs must be at most a third of leaseMs',
    ],
  ])('names the mistake once: %s', (_name, fleet, message) => {
    expect(fleetOptionProblems({ fleet })).toEqual([message]);
  });

  it('refuses partitions beside a fleet (redirect routing replaces them)', () => {
    expect(
      fleetOptionProblems({ fleet: { redis: 'redis://r' }, partition: {} }),
    ).toEqual([
      "fleet and partition cannot be combined: fleet routing 'redirect' gives each instance its own callback URL",
    ]);
  });
});
