import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The Nest HTTP platforms the webhook runs on. */
export type HttpPlatform = 'express' | 'fastify';

/** A fresh adapter of a platform (an adapter serves one application). */
export function httpAdapterFor(platform: HttpPlatform): AbstractHttpAdapter {
  return platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
}

/**
 * For `describe.each(HTTP_PLATFORMS)`: every end-to-end test of the webhook runs on both, as
 * @nestjs/throttler's do.
 */
export const HTTP_PLATFORMS: readonly HttpPlatform[] = ['express', 'fastify'];
