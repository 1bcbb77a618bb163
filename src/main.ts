import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { MissingSettingError, readBotConfig } from './bot-config.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = readBotConfig();
  } catch (error) {
    if (!(error instanceof MissingSettingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await NestFactory.create(AppModule.forConfig(config));
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('SampleBot').log(`Listening on port ${config.port}`);
}

await bootstrap();
