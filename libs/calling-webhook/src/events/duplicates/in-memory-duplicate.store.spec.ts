import { InMemoryDuplicateStore } from './in-memory-duplicate.store.js';

describe('InMemoryDuplicateStore', () => {
  it('remembers a key until its TTL runs out', async () => {
    const store = new InMemoryDuplicateStore();
    expect(await store.has('k')).toBe(false);
    await store.mark('k', 30);
    expect(await store.has('k')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.has('k')).toBe(false);
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
});
