import { Module, type DynamicModule } from '@nestjs/common';
import { CallingWebhookModule } from 'nestjs-calling-webhook';
import type { BotConfig } from './bot-config.js';
import { CallAnswering } from './call-answering.js';
import { ANSWERING_SETTINGS } from './call-control-settings.js';
import { CallHandlers } from './call-handlers.js';

/** The sample bot: the calling webhook, configured from the environment. */
@Module({})
export class AppModule {
  static forConfig(config: BotConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CallingWebhookModule.forRoot(config.webhook)],
      providers: [
        CallHandlers,
        CallAnswering,
        { provide: ANSWERING_SETTINGS, useValue: config.answering },
      ],
    };
  }
}
