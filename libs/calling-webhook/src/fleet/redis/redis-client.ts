import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';

/** A connection the fleet uses: a single Redis or a Cluster, as the user's client is. */
export type RedisClient = Redis | Cluster;

/** A copy of `client` with `overrides` (for a Cluster, applied to each node's connection too). */
export function duplicateClient(
  client: RedisClient,
  overrides: Partial<RedisOptions>,
): RedisClient {
  if (client.isCluster) {
    const cluster = client as Cluster;
    const options: ClusterOptions = {
      enableOfflineQueue: overrides.enableOfflineQueue,
      lazyConnect: true,
      redisOptions: { ...cluster.options.redisOptions, ...overrides },
    };
    return cluster.duplicate(undefined, options);
  }
  return (client as Redis).duplicate({ ...overrides, lazyConnect: true });
}

/** Connects a client made with `lazyConnect`, unless it already is. */
export function connectClient(client: RedisClient): Promise<void> {
  return client.status === 'wait' ? client.connect() : Promise.resolve();
}

/** Closes a client the fleet made: politely when connected, at once otherwise. */
export async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Went away while closing: disconnect below.
    }
  }
  client.disconnect();
}
