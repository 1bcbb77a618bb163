import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { MissingSettingError, readBotConfig } from './bot-config.js';
import { InvalidSettingError } from './routing-settings.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = readBotConfig();
  } catch (error) {
    if (
      !(error instanceof MissingSettingError) &&
      !(error instanceof InvalidSettingError)
    ) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Nest's global JSON parser (100 KB) would refuse large meeting rosters before the webhook:
  // the webhook reads its own bodies, after the token check, up to `bodyLimit`.
  const app = await NestFactory.create(AppModule.forConfig(config), {
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('SampleBot').log(`Listening on port ${config.port}`);
}

await bootstrap();
