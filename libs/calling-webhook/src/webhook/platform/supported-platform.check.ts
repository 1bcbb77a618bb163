import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** The HTTP platforms whose request path the module knows how to get in front of. */
const SUPPORTED_PLATFORMS = ['express', 'fastify'];

/**
 * Fails the start-up of an app on another HTTP platform, saying what to change: the webhook checks
 * the token before any body is read only through Express's request listener or Fastify's
 * `onRequest` hook. Elsewhere it would take a body some parser read before the token, without
 * `bodyLimit`: a silent downgrade no one would notice until it mattered.
 */
@Injectable()
export class SupportedPlatformCheck implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // An application context without HTTP (a worker, a CLI) serves no webhook: nothing to check.
    // Its adapter is null there (`NestFactory.createApplicationContext`), not undefined.
    const adapter = this.adapterHost.httpAdapter as
      { getType(): string } | null | undefined;
    if (!adapter) return;
    const type = adapter.getType();
    if (!SUPPORTED_PLATFORMS.includes(type)) {
      throw new Error(
        `CallingWebhookModule runs on @nestjs/platform-express or @nestjs/platform-fastify; this app's HTTP adapter is '${type}'. Create the app with NestFactory.create(AppModule) (Express) or with new FastifyAdapter().`,
      );
    }
  }
}
