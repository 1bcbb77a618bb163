import {
  callsOptionProblems,
  resolveCallsOptions,
  type CallsOptions,
} from './calls-options.js';

const problems = (options: Record<string, unknown>) =>
  callsOptionProblems(options as CallsOptions);

describe('call-state options', () => {
  it('keep calls as state and alive every 15 minutes by default', () => {
    expect(resolveCallsOptions({})).toEqual({
      enabled: true,
      keepAliveIntervalMs: 900_000,
      store: undefined,
      storeSize: 10_000,
      endedCallGraceMs: 300_000,
      idleCallTtlMs: 7_200_000,
    });
  });

  it('turn keepAlive off with keepAlive: false, and with call state', () => {
    expect(resolveCallsOptions({ keepAlive: false }).keepAliveIntervalMs).toBe(
      undefined,
    );
    expect(resolveCallsOptions({ callState: false })).toMatchObject({
      enabled: false,
      keepAliveIntervalMs: undefined,
    });
    expect(
      resolveCallsOptions({ keepAlive: { intervalMs: 1000 } })
        .keepAliveIntervalMs,
    ).toBe(1000);
  });

  it.each<[Record<string, unknown>, string]>([
    [
      { keepAlive: { intervalMs: 999 } },
      'keepAlive.intervalMs must be a whole number from 1000 to 1800000',
    ],
    [
      { keepAlive: { intervalMs: 2_700_000 } },
      'keepAlive.intervalMs must be a whole number from 1000 to 1800000',
    ],
    [
      { keepAlive: true },
      'keepAlive must be false or an object such as { intervalMs: 900000 }',
    ],
    [
      { callState: false, keepAlive: { intervalMs: 1000 } },
      'keepAlive needs call state: leave callState on, or keepAlive out',
    ],
    [{ callState: 'no' }, 'callState must be true or false'],
    [
      { callStore: { get: () => undefined } },
      'callStore must be an object with get(key), set(key, record, expectedVersion, ttlMs) and delete(key)',
    ],
    [
      { callStoreSize: 0 },
      'callStoreSize must be a whole number of at least 1',
    ],
    [
      { endedCallGraceMs: -1 },
      'endedCallGraceMs must be a whole number of at least 1',
    ],
    [
      { idleCallTtlMs: 10 },
      'idleCallTtlMs must be a whole number of at least 1000',
    ],
  ])('names the mistake in %j', (options, message) => {
    expect(problems(options)).toEqual([message]);
  });
});
