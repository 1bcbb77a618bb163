import type { Redis } from 'ioredis';

/**
 * The ioredis `Redis` class, loaded only when a fleet is configured with a URL: ioredis is an
 * optional peer dependency, so an app without a fleet never needs it installed.
 */
export async function loadRedisClass(): Promise<typeof Redis> {
  try {
    return (await import('ioredis')).Redis;
  } catch {
    throw new Error(
      'fleet mode needs the ioredis package: npm install ioredis (or give fleet.redis an ioredis client)',
    );
  }
}
