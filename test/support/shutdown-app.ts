// A small bot for test/graceful-shutdown.e2e-spec.ts, built with tsc and run as its own process:
// `node shutdown-app.js <openIdUrl> <appId> <afterHandlers|immediately> <handlerMs> <budgetMs>
// <express|fastify>`.
// It prints `listening <port>`, then one line when a handler starts and when it finishes.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CallingWebhookModule,
  OnCallNotification,
  type AnyCallNotificationEvent,
} from '../../libs/calling-webhook/src/index.js';

const [openIdUrl, appId, acknowledge, handlerMs, budgetMs, platform] =
  process.argv.slice(2);

@Injectable()
class SlowHandlers {
  @OnCallNotification()
  async handle(event: AnyCallNotificationEvent): Promise<void> {
    process.stdout.write(`handler started ${event.callId}\n`);
    await sleep(Number(handlerMs));
    process.stdout.write(`handler finished ${event.callId}\n`);
  }
}

@Module({
  imports: [
    CallingWebhookModule.forRoot({
      appId,
      openIdConfigurationUrl: openIdUrl,
      acknowledge: acknowledge as 'afterHandlers' | 'immediately',
      acknowledgementBudgetMs: Number(budgetMs),
    }),
  ],
  providers: [SlowHandlers],
})
class ShutdownAppModule {}

const app = await NestFactory.create(
  ShutdownAppModule,
  platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
  { bodyParser: false, logger: ['log', 'warn', 'error'] },
);
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as { port: number };
process.stdout.write(`listening ${port}\n`);
