import { setImmediate as nextTurn } from 'node:timers/promises';

// Handlers that finish synchronously chain only microtasks, which never let I/O or timers run.
// Past this much such work in one turn of the event loop, dispatch waits for the next turn, so
// other requests and the acknowledgement budget's timer go on.
const SLICE_MS = 5;

// One clock for the whole process, as the event loop is: the notifications of many calls run
// side by side, each in its own chain of microtasks, and together they must yield. A slice starts
// with the first check of a turn (a turn ends when the immediates queued in it run), so work
// after an idle gap starts a fresh slice.
let sliceStart = 0;
let sliceOpen = false;
let turnAwaited: Promise<void> | undefined;

function closeSlice(): void {
  sliceOpen = false;
}

// `undefined` while this turn of the event loop has done little work; past 5 ms of it, a
// promise that resolves in the next turn (shared by all who ask meanwhile).
function yieldIfSliceSpent(): Promise<void> | undefined {
  if (turnAwaited) return turnAwaited;
  if (!sliceOpen) {
    sliceOpen = true;
    sliceStart = performance.now();
    setImmediate(closeSlice);
    return undefined;
  }
  if (performance.now() - sliceStart < SLICE_MS) return undefined;
  turnAwaited = nextTurn().then(() => {
    turnAwaited = undefined;
  });
  return turnAwaited;
}

/**
 * `undefined` (go on at once, no promise) while this turn's slice of work lasts; else a promise
 * of a later turn with room. The check is made again after each wait: everyone who waited
 * resumes in the same turn, and only the first few of them may work in it.
 */
export function nextSlice(): Promise<void> | undefined {
  const turn = yieldIfSliceSpent();
  return turn ? turn.then(waitAgain) : undefined;
}

function waitAgain(): Promise<void> | undefined {
  return nextSlice();
}
