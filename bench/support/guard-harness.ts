import type { ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CallingWebhookModule, OpenIdKeySource } from 'nestjs-calling-webhook';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';

/** The parts of a request the guard reads. */
export interface BenchRequest {
  headers: { authorization: string };
  rawHeaders: string[];
}

/** A request carrying `token` as its bearer token. */
export const requestFor = (token: string): BenchRequest => ({
  headers: { authorization: `Bearer ${token}` },
  rawHeaders: ['Authorization', `Bearer ${token}`],
});

/** The execution context a guard gets for `request` (no HTTP server involved). */
export const contextFor = (request: BenchRequest): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ setHeader: () => undefined }),
    }),
  }) as unknown as ExecutionContext;

/** The module wired by Nest against a local provider, with its keys already fetched. */
export async function moduleContextFor(provider: LocalOpenIdProvider) {
  const app = await NestFactory.createApplicationContext(
    CallingWebhookModule.forRoot({
      appId: provider.appId,
      openIdConfigurationUrl: provider.openIdConfigurationUrl,
      prefetchKeys: false,
    }),
    { logger: false },
  );
  await app.get(OpenIdKeySource).refresh();
  return app;
}
