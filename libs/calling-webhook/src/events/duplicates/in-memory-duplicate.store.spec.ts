import { InMemoryDuplicateStore } from './in-memory-duplicate.store.js';

describe('InMemoryDuplicateStore', () => {
  it('remembers a key until its TTL runs out', async () => {
    // lru-cache reads its own clock (performance.now, taken at import): real time, a short TTL.
    const store = new InMemoryDuplicateStore();
    expect(await store.has('k')).toBe(false);
    await store.mark('k', 30);
    expect(await store.has('k')).toBe(true);
    await vi.waitFor(async () => expect(await store.has('k')).toBe(false));
  });

  it('is bounded: the least recently used key leaves first', async () => {
    const store = new InMemoryDuplicateStore(2);
    await store.mark('a', 60_000);
    await store.mark('b', 60_000);
    await store.mark('c', 60_000);
    expect(await store.has('a')).toBe(false);
    expect(await store.has('b')).toBe(true);
    expect(await store.has('c')).toBe(true);
  });

  it('counts a key found again as used: a redelivered key outlives one not seen since', async () => {
    const store = new InMemoryDuplicateStore(2);
    await store.mark('a', 60_000);
    await store.mark('b', 60_000);
    expect(await store.has('a')).toBe(true); // a redelivery of a
    await store.mark('c', 60_000);
    expect(await store.has('a')).toBe(true);
    expect(await store.has('b')).toBe(false);
  });
});
