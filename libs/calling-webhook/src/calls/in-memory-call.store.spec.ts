import type { CallRecord } from './call-record.interface.js';
import { newCallRecord } from './call-transition.js';
import { InMemoryCallStore } from './in-memory-call.store.js';

const record = (callId: string, version = 1): CallRecord => ({
  ...newCallRecord(callId, 'tenant', 0),
  version,
});

// The in-memory store answers at once (no promise): the module reads it without a round trip.
describe('InMemoryCallStore', () => {
  it('writes only over the version a record was made from', () => {
    const store = new InMemoryCallStore();
    expect(store.set('a', record('a'), undefined, 60_000)).toBe(true);
    // A second writer that also saw no record loses.
    expect(store.set('a', record('a'), undefined, 60_000)).toBe(false);
    expect(store.set('a', record('a', 2), 1, 60_000)).toBe(true);
    expect(store.set('a', record('a', 3), 1, 60_000)).toBe(false);
    expect(store.get('a')?.version).toBe(2);
  });

  it('forgets a record after its TTL, and on delete', async () => {
    const store = new InMemoryCallStore();
    store.set('a', record('a'), undefined, 30);
    store.set('b', record('b'), undefined, 60_000);
    await vi.waitFor(() => expect(store.get('a')).toBeUndefined());
    // An expired record counts as none: a new one may be written over it.
    expect(store.set('a', record('a'), undefined, 60_000)).toBe(true);
    store.delete('b');
    expect(store.get('b')).toBeUndefined();
  });

  it('is bounded: the least recently used call leaves first', () => {
    const store = new InMemoryCallStore(2);
    store.set('a', record('a'), undefined, 60_000);
    store.set('b', record('b'), undefined, 60_000);
    store.get('a');
    store.set('c', record('c'), undefined, 60_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('c')).toBeDefined();
  });
});
