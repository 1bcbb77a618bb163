// Handlers that finish synchronously chain only microtasks, which never let I/O or timers run.
// Past this much such work in one turn of the event loop, dispatch waits for a later turn, so
// other requests and the acknowledgement budget's timer go on.
const SLICE_MS = 5;

// One clock for the whole process, as the event loop is: the notifications of many calls run
// side by side, each in its own chain of microtasks, and together they must yield. A slice starts
// with the first check of a turn (a turn ends when the immediates queued in it run), so work
// after an idle gap starts a fresh slice.
let sliceStart = 0;
let sliceOpen = false;

// Work that found the slice spent, first come first served. They are let go one at a time, each
// after the one before has run its synchronous part: all at once, they would check the clock
// before any of them worked, and all go on in one turn.
const waiting: (() => void)[] = [];
let pumpScheduled = false;

function closeSlice(): void {
  sliceOpen = false;
}

function openSlice(): void {
  sliceOpen = true;
  sliceStart = performance.now();
  setImmediate(closeSlice);
}

function schedulePump(): void {
  if (pumpScheduled) return;
  pumpScheduled = true;
  setImmediate(pump);
}

// A new turn: a fresh slice, and the waiting work let go while it lasts.
function pump(): void {
  pumpScheduled = false;
  openSlice();
  releaseNext();
}

function releaseNext(): void {
  if (waiting.length === 0) return;
  if (performance.now() - sliceStart >= SLICE_MS) {
    schedulePump();
    return;
  }
  waiting.shift()?.();
  // Queued after the released work's own continuation: it runs once that has run.
  queueMicrotask(releaseNext);
}

/**
 * `undefined` (go on at once, no promise) while this turn's slice of work lasts; else a promise
 * of a later turn, with room for it. Used right before handlers run.
 */
export function nextSlice(): Promise<void> | undefined {
  if (!sliceOpen) openSlice();
  if (waiting.length === 0 && performance.now() - sliceStart < SLICE_MS)
    return undefined;
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedulePump();
  });
}
