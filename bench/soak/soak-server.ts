// The soak's bot, in its own process: `node soak-server.js <port> <openIdUrl> <appId>`.
// Counts handler runs per notification (message id and item) and serves them, with its RSS, on
// `GET /soak/stats`. Prints `ready` once listening.
import 'reflect-metadata';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CallingWebhookModule,
  OnCallNotification,
  type AnyCallNotificationEvent,
} from 'nestjs-calling-webhook';

const [port, openIdUrl, appId] = process.argv.slice(2);

@Injectable()
class CountingHandlers {
  readonly runs = new Map<string, number>();

  @OnCallNotification()
  async count(event: AnyCallNotificationEvent): Promise<void> {
    const key = `${event.headers.messageId}:${event.index}`;
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    // A little asynchronous work, as a real handler has (a store write, a Graph call).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

@Controller('soak')
class StatsController {
  constructor(private readonly handlers: CountingHandlers) {}

  @Get('stats')
  stats(): {
    runs: number;
    notifications: number;
    ranTwice: number;
    rss: number;
    heapUsed: number;
  } {
    let runs = 0;
    let ranTwice = 0;
    for (const count of this.handlers.runs.values()) {
      runs += count;
      if (count > 1) ranTwice++;
    }
    return {
      runs,
      notifications: this.handlers.runs.size,
      ranTwice,
      rss: process.memoryUsage().rss,
      heapUsed: process.memoryUsage().heapUsed,
    };
  }
}

@Module({
  imports: [
    CallingWebhookModule.forRoot({
      appId,
      openIdConfigurationUrl: openIdUrl,
      // The default (10,000) covers 10,000 / rate seconds of redeliveries: at the soak's few
      // hundred notifications a second that is under a minute, and older ones would run again.
      duplicateCacheSize: 1_000_000,
    }),
  ],
  providers: [CountingHandlers],
  controllers: [StatsController],
})
class SoakAppModule {}

const app = await NestFactory.create(SoakAppModule, {
  bodyParser: false,
  logger: ['error'],
});
app.enableShutdownHooks();
await app.listen(Number(port), '127.0.0.1');
process.stdout.write('ready\n');
