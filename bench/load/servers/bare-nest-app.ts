// A: what `nest new` gives (v12), with one route the platform could post to, on Express or on
// Fastify as Nest's docs show each; Nest's default body parsers on. The ceiling of any Nest bot.
//   node bare-nest-app.js <express|fastify> <port>
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

@Controller()
class AppController {
  @Post('api/calls')
  @HttpCode(202)
  receive(): void {}
}

@Module({ controllers: [AppController] })
class AppModule {}

const [adapter, port] = process.argv.slice(2);
const app =
  adapter === 'fastify'
    ? await NestFactory.create(AppModule, new FastifyAdapter())
    : await NestFactory.create(AppModule);
await app.listen(Number(port), '127.0.0.1');
