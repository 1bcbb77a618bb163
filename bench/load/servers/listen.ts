// Starts a bench server's Nest app on the platform asked for, logging errors only, on loopback.
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export async function listenOn(
  module: Type,
  adapter: string,
  port: number,
): Promise<void> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), {
          logger: ['error'],
        })
      : await NestFactory.create(module, { logger: ['error'] });
  await app.listen(port, '127.0.0.1');
}
