import { Module, type DynamicModule } from '@nestjs/common';
import { CallingWebhookModule } from 'nestjs-calling-webhook';
import type { BotConfig } from './bot-config.js';

/** The sample bot: the calling webhook, configured from the environment. */
@Module({})
export class AppModule {
  static forConfig(config: BotConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CallingWebhookModule.forRoot(config.webhook)],
    };
  }
}
