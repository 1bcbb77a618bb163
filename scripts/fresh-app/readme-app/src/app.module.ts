import { Module } from '@nestjs/common';
import { CallingWebhookModule } from 'nestjs-calling-webhook';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';
import { CallHandlers } from './call-handlers.js';

const secret = process.env.CALLING_APP_SECRET;

@Module({
  imports: [
    CallingWebhookModule.forRoot({
      appId: process.env.CALLING_APP_ID!,
      openIdConfigurationUrl: process.env.CALLING_OPENID_CONFIGURATION_URL,
      // Without credentials the webhook works and `CallControl` is off (the handler only logs).
      credentials: secret ? { clientSecret: secret } : undefined,
      graphBaseUrl: process.env.CALLING_GRAPH_BASE_URL,
      authorityHost: process.env.CALLING_AUTHORITY_HOST,
    }),
  ],
  controllers: [AppController],
  providers: [AppService, CallHandlers],
})
export class AppModule {}
