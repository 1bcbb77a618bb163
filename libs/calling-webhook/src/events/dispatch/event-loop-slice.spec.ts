import { setImmediate as nextTurn } from 'node:timers/promises';
import { nextSlice } from './event-loop-slice.js';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('nextSlice', () => {
  it('lets work go on at once (no promise) while a turn has done little', async () => {
    await nextTurn();
    expect(nextSlice()).toBeUndefined();
    expect(nextSlice()).toBeUndefined();
  });

  it('makes work wait for a later turn once a turn has done 5 ms, and lets timers run meanwhile', async () => {
    await nextTurn();
    expect(nextSlice()).toBeUndefined();
    busy(6);
    const wait = nextSlice();
    expect(wait).toBeInstanceOf(Promise);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    busy(2); // the timer is due, but only a turn of the event loop can run it
    await wait;
    expect(timerRan).toBe(true);
  });

  it('starts a fresh slice after an idle gap', async () => {
    await nextTurn();
    expect(nextSlice()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(nextSlice()).toBeUndefined();
  });

  it('lets only the first few of many waiters work in a turn, the others in later turns, in order', async () => {
    await nextTurn();
    expect(nextSlice()).toBeUndefined();
    busy(6);
    let worked = 0;
    const waiters = Array.from({ length: 20 }, async () => {
      const slice = nextSlice();
      if (slice) await slice;
      busy(2);
      worked++;
    });
    await nextTurn();
    // After one turn, far fewer than the 20 could have worked 2 ms each within a 5 ms slice.
    expect(worked).toBeLessThan(6);
    await Promise.all(waiters);
    expect(worked).toBe(20);
  });
});
