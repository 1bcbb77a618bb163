import { resolveAuthOptions } from '../auth/auth-options.js';
import type { CallControl } from '../control/call-control.service.js';
import type { CallReference } from '../control/call-reference.interface.js';
import type { CallEventSequencer } from './call-event.sequencer.js';
import { CallRecords } from './call-records.service.js';
import { resolveCallsOptions } from './calls-options.js';
import { InMemoryCallStore } from './in-memory-call.store.js';
import { KeepAliveScheduler } from './keep-alive.scheduler.js';

const INTERVAL_MS = 600_000;
const BEATS = 40;
const CALL: CallReference = {
  callId: '57dab8b1-894c-409a-b240-bd8beae78896',
  tenantId: 'a2c4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f',
};

/**
 * A scheduler keeping one established call alive, on the real call records; CallControl is
 * reduced to what the scheduler calls of it, noting when each keepAlive went out (fake clock).
 * The sequencer only takes a 404's ending, which calls-keep-alive.e2e-spec.ts covers.
 */
async function keepingOneCall(): Promise<{
  scheduler: KeepAliveScheduler;
  startedAt: number;
  sent: number[];
}> {
  const sent: number[] = [];
  const control = {
    keepAlive: (_call: CallReference) => {
      sent.push(Date.now());
      return Promise.resolve();
    },
  } as CallControl;
  const options = resolveCallsOptions({
    keepAlive: { intervalMs: INTERVAL_MS },
  });
  const records = new CallRecords(new InMemoryCallStore(), options);
  const scheduler = new KeepAliveScheduler(
    records,
    control,
    {} as CallEventSequencer,
    options,
    resolveAuthOptions({ appId: 'a4b1b9f2-2c1e-4f4e-9c51-8f3b6a1f6d10' }),
  );
  scheduler.onModuleInit();
  const startedAt = Date.now();
  // Established, and the app's: from here on it is kept alive.
  await records.restore(CALL, { state: 'established' });
  return { scheduler, startedAt, sent };
}

/** The delays the scheduler waited (before the first keepAlive, then between two), `random` drawing. */
async function delaysOf(random?: () => number): Promise<number[]> {
  if (random) vi.spyOn(Math, 'random').mockImplementation(random);
  const { scheduler, startedAt, sent } = await keepingOneCall();
  await vi.advanceTimersByTimeAsync(BEATS * INTERVAL_MS);
  scheduler.onModuleDestroy();
  const times = [startedAt, ...sent];
  return times.slice(1).map((at, i) => at - times[i]);
}

// Graph ends a call 45 minutes after its last keepAlive: the jitter spreads keepAlives of calls
// established together, and may only make one earlier (by at most 10%), never later.
describe('KeepAliveScheduler jitter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits the whole interval when the draw is 0', async () => {
    const delays = await delaysOf(() => 0);
    expect(delays.length).toBeGreaterThanOrEqual(BEATS);
    expect(new Set(delays)).toEqual(new Set([INTERVAL_MS]));
  });

  it('waits no less than 90% of the interval when the draw is as high as it goes', async () => {
    const delays = await delaysOf(() => 1 - Number.EPSILON);
    expect(new Set(delays)).toEqual(new Set([INTERVAL_MS * 0.9]));
  });

  it('spreads the delays within [90%, 100%] of the interval, each drawn anew', async () => {
    const draws = [0.05, 0.5, 0.95, 0.25];
    let next = 0;
    const delays = await delaysOf(() => draws[next++ % draws.length]);
    expect(delays.slice(0, draws.length)).toEqual(
      draws.map((draw) => Math.round(INTERVAL_MS * (1 - draw * 0.1))),
    );
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(INTERVAL_MS * 0.9);
      expect(delay).toBeLessThanOrEqual(INTERVAL_MS);
    }
  });

  it('varies with real draws, and stays within the bounds', async () => {
    const delays = await delaysOf();
    expect(delays.length).toBeGreaterThanOrEqual(BEATS);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(INTERVAL_MS * 0.9);
      expect(delay).toBeLessThanOrEqual(INTERVAL_MS);
    }
    // 40 draws of 60,000 possible delays: a repeat of one value throughout means no jitter.
    expect(new Set(delays).size).toBeGreaterThan(BEATS / 2);
  });
});
