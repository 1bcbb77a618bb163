import {
  eventsOptionProblems,
  resolveEventsOptions,
} from './events-options.schema.js';

describe('events options', () => {
  it('defaults to waiting for handlers for 4 s and an in-memory store', () => {
    expect(resolveEventsOptions({})).toEqual({
      acknowledge: 'afterHandlers',
      acknowledgementBudgetMs: 4_000,
      onHandlerError: undefined,
      duplicateStore: undefined,
      duplicateTtlMs: 900_000,
      duplicateCacheSize: 10_000,
    });
    expect(eventsOptionProblems({})).toEqual([]);
  });

  it('names each bad option', () => {
    const problems = eventsOptionProblems({
      acknowledge: 'later' as 'immediately',
      acknowledgementBudgetMs: -1,
      onHandlerError: 'log' as unknown as () => void,
      duplicateStore: {} as never,
      duplicateTtlMs: 0,
      duplicateCacheSize: 1.5,
    });
    expect(problems).toEqual([
      "acknowledge must be 'afterHandlers' or 'immediately'",
      'acknowledgementBudgetMs must not be negative',
      'onHandlerError must be a function',
      'duplicateStore must be an object with has(key) and mark(key, ttlMs)',
      'duplicateTtlMs must be positive',
      'duplicateCacheSize must be a whole number',
    ]);
  });
});
