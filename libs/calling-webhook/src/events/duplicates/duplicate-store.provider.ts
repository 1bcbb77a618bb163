import type { FactoryProvider } from '@nestjs/common';
import { EVENTS_OPTIONS } from '../events-options.js';
import type { ResolvedEventsOptions } from '../events-options.interface.js';
import { CALLING_DUPLICATE_STORE } from './duplicate-store.constants.js';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';
import { InMemoryDuplicateStore } from './in-memory-duplicate.store.js';

/** The store given in the options, else the bounded in-memory one. */
export const duplicateStoreProvider: FactoryProvider<CallingDuplicateStore> = {
  provide: CALLING_DUPLICATE_STORE,
  useFactory: (options: ResolvedEventsOptions) =>
    options.duplicateStore ??
    new InMemoryDuplicateStore(options.duplicateCacheSize),
  inject: [EVENTS_OPTIONS],
};
