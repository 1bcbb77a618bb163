import { NestFactory } from '@nestjs/core';
import { applyServerLimits } from 'nestjs-calling-webhook';
import { AppModule } from './app.module.js';

// As the README's Quickstart: Nest's defaults (its body parsers on), the shutdown hooks, and
// the server's limits for slow clients.
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
applyServerLimits(app);
await app.listen(process.env.PORT ?? 3000);
