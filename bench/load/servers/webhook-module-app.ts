// The module alone with one no-op handler, for the cold-start measure: `prefetchKeys` is an
// option the sample does not expose.
//   node webhook-module-app.js <express|fastify> <port> <openIdConfigurationUrl> <appId> <prefetchKeys>
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { CallingWebhookModule, OnIncomingCall } from 'nestjs-calling-webhook';
import { listenOn } from './listen.js';

const [adapter, port, openIdConfigurationUrl, appId, prefetchKeys] =
  process.argv.slice(2);

@Injectable()
class NoOpHandlers {
  @OnIncomingCall()
  incoming(): void {}
}

@Module({
  imports: [
    CallingWebhookModule.forRoot({
      appId,
      openIdConfigurationUrl,
      prefetchKeys: prefetchKeys === 'true',
    }),
  ],
  providers: [NoOpHandlers],
})
class AppModule {}

await listenOn(AppModule, adapter, Number(port));
