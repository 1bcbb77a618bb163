import { Logger, type ConsoleLoggerOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { readBotConfig } from './bot-config.js';
import { StacklessConsoleLogger } from './logging/stackless-console.logger.js';
import type { RunningTelemetry } from './telemetry/start-opentelemetry.js';

/**
 * Creates and starts the sample bot. A failure while Nest builds the app is logged by Nest (one
 * line: the logger drops stacks) before it exits with code 1; one after, such as a port in
 * use, is logged here the same way.
 */
export async function bootstrap(
  logSettings: ConsoleLoggerOptions,
  telemetry: RunningTelemetry | undefined,
): Promise<void> {
  const config = readBotConfig();
  const logger = new StacklessConsoleLogger(logSettings);
  // Nest's global JSON parser (100 KB) would refuse large meeting rosters before the webhook:
  // the webhook reads its own bodies, after the token check, up to `bodyLimit`.
  const app = await NestFactory.create(AppModule.forConfig(config, telemetry), {
    bodyParser: false,
    logger,
  });
  app.enableShutdownHooks();
  try {
    await app.listen(config.port);
  } catch (error) {
    logger.fatal(error, 'SampleBot');
    await app.close();
    process.exit(1);
  }
  new Logger('SampleBot').log(`Listening on port ${config.port}`);
}
