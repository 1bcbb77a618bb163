import type { FactoryProvider } from '@nestjs/common';
import { RESOLVED_OPTIONS } from '../../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../../config/resolved-options.js';
import { CALLING_DUPLICATE_STORE } from './duplicate-store.constants.js';
import type { CallingDuplicateStore } from './duplicate-store.interface.js';
import { InMemoryDuplicateStore } from './in-memory-duplicate.store.js';

/** The store given in the options, else the bounded in-memory one. */
export const duplicateStoreProvider: FactoryProvider<CallingDuplicateStore> = {
  provide: CALLING_DUPLICATE_STORE,
  useFactory: (options: ResolvedCallingWebhookOptions) =>
    options.events.duplicateStore ??
    new InMemoryDuplicateStore(options.events.duplicateCacheSize),
  inject: [RESOLVED_OPTIONS],
};
