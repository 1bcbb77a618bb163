import { setTimeout } from 'node:timers/promises';

/**
 * Freezes `Date` for each test of the enclosing block, and only `Date`: timers, sockets and
 * fetches stay real, so the app and the key source serve as usual while everything that reads
 * the time (key age, cool-downs, token expiry) sees it move only when the test says so.
 */
export function useFrozenClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Moves the frozen clock on by `ms`: what a real sleep of `ms` would do to `Date.now()`. */
export function advanceClock(ms: number): void {
  vi.advanceTimersByTime(ms);
}

/**
 * Waits until `check` passes, polling on real timers, without moving the frozen clock:
 * `vi.waitFor` advances fake timers by its interval at each poll, which would move `Date` too.
 */
export async function waitWithClockStill(
  check: () => void,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
    }
    await setTimeout(5);
  }
}
