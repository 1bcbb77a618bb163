import type { FactoryProvider } from '@nestjs/common';
import { FLEET_CALL_STORE } from '../fleet/fleet.constants.js';
import { CALLING_CALL_STORE } from './call-store.constants.js';
import type { CallingCallStore } from './call-store.interface.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';
import { InMemoryCallStore } from './in-memory-call.store.js';

/** The store given in the options, else the fleet's (in Redis), else the bounded in-memory one. */
export const callStoreProvider: FactoryProvider<CallingCallStore> = {
  provide: CALLING_CALL_STORE,
  useFactory: (
    options: ResolvedCallsOptions,
    fleetStore: CallingCallStore | undefined,
  ) => options.store ?? fleetStore ?? new InMemoryCallStore(options.storeSize),
  inject: [CALLS_OPTIONS, FLEET_CALL_STORE],
};
