import { Module, type DynamicModule } from '@nestjs/common';
import { CallingWebhookModule } from 'nestjs-calling-webhook';
import type { BotConfig } from './bot-config.js';
import { CallAnswering } from './call-answering.js';
import {
  ANSWERING_SETTINGS,
  OUTBOUND_SETTINGS,
} from './call-control-settings.js';
import { CallFlow } from './call-flow.js';
import { CallHandlers } from './call-handlers.js';
import { OutboundCallsController } from './outbound-calls.controller.js';

/** The sample bot: the calling webhook, configured from the environment. */
@Module({})
export class AppModule {
  static forConfig(config: BotConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CallingWebhookModule.forRoot(config.webhook)],
      // Without an API key the outbound route does not exist (404), rather than refusing.
      controllers: config.outbound ? [OutboundCallsController] : [],
      providers: [
        CallHandlers,
        CallFlow,
        CallAnswering,
        { provide: ANSWERING_SETTINGS, useValue: config.answering },
        ...(config.outbound
          ? [{ provide: OUTBOUND_SETTINGS, useValue: config.outbound }]
          : []),
      ],
    };
  }
}
