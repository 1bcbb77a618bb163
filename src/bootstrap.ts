import {
  Logger,
  type ConsoleLoggerOptions,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { applyServerLimits } from 'nestjs-calling-webhook';
import { AppModule } from './app.module.js';
import { readBotConfig } from './bot-config.js';
import type { HttpAdapterName } from './http-adapter-setting.js';
import { BufferedConsoleLogger } from './logging/buffered-console.logger.js';
import type { RunningTelemetry } from './telemetry/start-opentelemetry.js';

/**
 * Creates and starts the sample bot. A failure while Nest builds the app is logged by Nest (one
 * line: the logger drops stacks) before it exits with code 1; one after, such as a port in
 * use, is logged here the same way.
 */
export async function bootstrap(
  logSettings: ConsoleLoggerOptions,
  httpAdapter: HttpAdapterName,
  telemetry: RunningTelemetry | undefined,
): Promise<void> {
  const config = readBotConfig();
  const logger = new BufferedConsoleLogger(logSettings);
  const module = AppModule.forConfig(config, telemetry);
  let app: INestApplication;
  let host: string | undefined;
  if (httpAdapter === 'fastify') {
    // Loaded only when chosen: an Express bot does not pay for Fastify.
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(module, new FastifyAdapter(), { logger });
    // Fastify listens on localhost only unless told otherwise; a container's port needs all.
    host = '0.0.0.0';
  } else {
    // Nest's parsers can stay: the webhook checks the token and reads its own bodies before them.
    app = await NestFactory.create(module, { logger });
  }
  // Seconds, not Node's minutes, for slow and idle clients, and a bound on open connections
  // (SECURITY.md): on either platform, before listen (Node reads the check interval then).
  applyServerLimits(app);
  app.enableShutdownHooks();
  try {
    await (host === undefined
      ? app.listen(config.port)
      : app.listen(config.port, host));
  } catch (error) {
    logger.fatal(error, 'SampleBot');
    await app.close();
    process.exit(1);
  }
  new Logger('SampleBot').log(
    `Listening on port ${config.port} (${httpAdapter})`,
  );
}
