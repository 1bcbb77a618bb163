/**
 * An ioredis client (`Redis` or `Cluster`, ioredis 5 or 6) as far as the module names it: the
 * fleet only copies its settings (`duplicate()`) into connections of its own. Named by shape, so
 * that `ioredis` stays an optional peer whose types an app without a fleet does not need.
 */
export interface IoRedisClient {
  readonly status: string;
  duplicate(...args: never[]): unknown;
  quit(): Promise<unknown>;
}

/**
 * How a notification that reaches an instance which does not own its call gets to the owner:
 * `'forward'` hands it over through Redis and answers with the owner's outcome (every instance
 * behind one URL); `'redirect'` answers `307` to the owner's own `instanceUrl`.
 */
export type FleetRouting = 'forward' | 'redirect';

/** The fleet: many instances behind one load balancer behaving as one bot, on Redis. */
export interface FleetOptions {
  /**
   * An ioredis client (`new Redis(...)` or `new Cluster(...)`; the module leaves it open when it
   * closes) or a connection URL such as `redis://redis.internal:6379` (the module opens its
   * clients and closes them). `ioredis` is then needed: an optional peer dependency.
   */
  redis: IoRedisClient | string;
  /**
   * This instance's id among the fleet's: letters, digits and `._:-`, at most 100. Two live
   * instances must never share one.
   * @default `{host name}-{process id}`
   */
  instanceId?: string;
  /**
   * This instance's own public base URL (not the load balancer's). Required by `'redirect'`
   * routing: calls this instance answers or places get `{instanceUrl}/{path}` as `callbackUri`, and
   * strays are sent there with `307`.
   * @default undefined
   */
  instanceUrl?: string;
  /**
   * `'forward'`: a stray notification is handed to its call's owner through Redis and answered
   * with the owner's outcome (needs nothing but one URL for the fleet). `'redirect'`: it is
   * answered `307` to the owner's `instanceUrl`.
   * @default 'forward'
   */
  routing?: FleetRouting;
  /**
   * How long an instance's lease lasts in milliseconds; it is renewed every third of it. Once a
   * dead instance's lease has run out, others take its calls: the shorter, the sooner (and the
   * more Redis traffic). At least 1 000 (tests), at most 600 000.
   * @default 15_000
   */
  leaseMs?: number;
  /**
   * Prepended to every Redis key and channel, so that several bots can share one Redis.
   * @default 'calling-webhook:'
   */
  keyPrefix?: string;
  /**
   * How long one Redis command may take before Redis counts as unreachable (the instance then
   * handles notifications locally, degraded, until Redis answers again).
   * @default 500
   */
  commandTimeoutMs?: number;
}

/** The options of the fleet area (a field of `CallingWebhookOptions`). */
export interface FleetAreaOptions {
  /**
   * Run as one of many instances behind a load balancer, on Redis: each call is owned by the
   * instance that answered or placed it, and handled there only.
   * @default undefined (one instance, everything in memory)
   */
  fleet?: FleetOptions;
}
