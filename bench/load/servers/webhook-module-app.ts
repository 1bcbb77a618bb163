// The module alone with one no-op handler, for the cold-start measure: `prefetchKeys` is an
// option the sample does not expose.
//   node webhook-module-app.js <express|fastify> <port> <openIdConfigurationUrl> <appId> <prefetchKeys>
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CallingWebhookModule, OnIncomingCall } from 'nestjs-calling-webhook';

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

const app =
  adapter === 'fastify'
    ? await NestFactory.create(AppModule, new FastifyAdapter(), {
        logger: ['error'],
      })
    : await NestFactory.create(AppModule, { logger: ['error'] });
await app.listen(Number(port), '127.0.0.1');
