import type { FactoryProvider } from '@nestjs/common';
import { FLEET_DUPLICATE_STORE } from '../../fleet/fleet.constants.js';
import { EVENTS_OPTIONS } from '../events-options.js';
import type { ResolvedEventsOptions } from '../events-options.interface.js';
import { CALLING_DUPLICATE_STORE } from './duplicate-store.constants.js';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';
import { InMemoryDuplicateStore } from './in-memory-duplicate.store.js';

/** The store given in the options, else the fleet's (shared in Redis), else the bounded in-memory one. */
export const duplicateStoreProvider: FactoryProvider<CallingDuplicateStore> = {
  provide: CALLING_DUPLICATE_STORE,
  useFactory: (
    options: ResolvedEventsOptions,
    fleetStore: CallingDuplicateStore | undefined,
  ) =>
    options.duplicateStore ??
    fleetStore ??
    new InMemoryDuplicateStore(options.duplicateCacheSize),
  inject: [EVENTS_OPTIONS, FLEET_DUPLICATE_STORE],
};
