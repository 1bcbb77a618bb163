import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DEFAULT_WEBHOOK_PATH } from './calling-webhook.constants.js';
import { WEBHOOK_PATH } from './calling-webhook.internal-constants.js';
import type {
  CallingWebhookModuleExtras,
  CallingWebhookOptions,
} from './config/calling-webhook-options.interface.js';
import { normalizeWebhookPath } from './config/resolve-options.js';
import { webhookControllerFor } from './webhook/calling-webhook.controller.js';

export const {
  ConfigurableModuleClass: ConfigurableCallingWebhookModule,
  MODULE_OPTIONS_TOKEN: CALLING_WEBHOOK_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<CallingWebhookOptions>({
  moduleName: 'CallingWebhook',
})
  .setClassMethodName('forRoot')
  .setExtras<CallingWebhookModuleExtras>(
    { isGlobal: false, path: DEFAULT_WEBHOOK_PATH },
    (definition, extras) => {
      // Nest reads routes from decorators before any async factory runs, so the path is an
      // extra (known when the module is declared) and the controller is declared for it here.
      const path = normalizeWebhookPath(extras.path);
      return {
        ...definition,
        global: extras.isGlobal,
        controllers: [
          ...(definition.controllers ?? []),
          webhookControllerFor(path),
        ],
        providers: [
          ...(definition.providers ?? []),
          { provide: WEBHOOK_PATH, useValue: path },
        ],
      };
    },
  )
  .build();
