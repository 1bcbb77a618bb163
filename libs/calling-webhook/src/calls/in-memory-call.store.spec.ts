import type { CallRecord } from './call-record.interface.js';
import { newCallRecord } from './call-transition.js';
import { InMemoryCallStore } from './in-memory-call.store.js';

const record = (callId: string, version = 1): CallRecord => ({
  ...newCallRecord(callId, 'tenant', 0),
  version,
});

describe('InMemoryCallStore', () => {
  it('writes only over the version a record was made from', async () => {
    const store = new InMemoryCallStore();
    expect(await store.set('a', record('a'), undefined, 60_000)).toBe(true);
    // A second writer that also saw no record loses.
    expect(await store.set('a', record('a'), undefined, 60_000)).toBe(false);
    expect(await store.set('a', record('a', 2), 1, 60_000)).toBe(true);
    expect(await store.set('a', record('a', 3), 1, 60_000)).toBe(false);
    expect((await store.get('a'))?.version).toBe(2);
  });

  it('forgets a record after its TTL, and on delete', async () => {
    const store = new InMemoryCallStore();
    await store.set('a', record('a'), undefined, 30);
    await store.set('b', record('b'), undefined, 60_000);
    await vi.waitFor(async () => expect(await store.get('a')).toBeUndefined());
    // An expired record counts as none: a new one may be written over it.
    expect(await store.set('a', record('a'), undefined, 60_000)).toBe(true);
    await store.delete('b');
    expect(await store.get('b')).toBeUndefined();
  });

  it('is bounded: the least recently used call leaves first', async () => {
    const store = new InMemoryCallStore(2);
    await store.set('a', record('a'), undefined, 60_000);
    await store.set('b', record('b'), undefined, 60_000);
    await store.get('a');
    await store.set('c', record('c'), undefined, 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('c')).toBeDefined();
  });
});
