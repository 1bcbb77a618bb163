import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { wholeNumberProblems } from '../../config/option-rules.js';

/** Bounds of the HTTP server a webhook runs on; see `applyServerLimits`. */
export interface WebhookServerLimits {
  /**
   * Time a client has to send a request's headers (slow-header clients are answered `408`).
   * @default 10_000
   */
  headersTimeoutMs?: number;
  /**
   * Time a client has to send a whole request, body included (a 4 MB roster over a slow link
   * takes a second or two).
   * @default 30_000
   */
  requestTimeoutMs?: number;
  /**
   * How long an idle kept-alive connection stays open. Keep it above the idle timeout of a load
   * balancer in front (else it may reuse a connection the server just closed).
   * @default 15_000
   */
  keepAliveTimeoutMs?: number;
  /**
   * The most connections open at once; more are closed as they come. Keep it under the
   * process's file-descriptor limit (`ulimit -n`, often 1024), which idle sockets would exhaust.
   * @default 512
   */
  maxConnections?: number;
}

/** How often Node checks the header and request timeouts: it checks on an interval (30 s by default). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Bounds the application's HTTP server for a webhook: seconds, not Node's minutes, for slow
 * clients (a slow-header client was closed only after 89 s with Node's defaults, a slow body
 * after 329 s), and a bound on open connections. Works on Express and Fastify alike (it sets
 * the Node server under either). Call it before `app.listen()`: Node reads the check interval
 * when the server starts listening.
 */
export function applyServerLimits(
  app: INestApplication,
  limits: WebhookServerLimits = {},
): void {
  // A typo here would silently give a server without the bound (0 means none to Node).
  for (const [name, value] of Object.entries(limits)) {
    const [problem] = wholeNumberProblems(name, value, 1);
    if (problem)
      throw new RangeError(
        `applyServerLimits: ${problem} (got ${String(value)})`,
      );
  }
  const server = app.getHttpServer() as Server & {
    connectionsCheckingInterval: number;
  };
  server.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  server.requestTimeout = Math.max(
    limits.requestTimeoutMs ?? 30_000,
    server.headersTimeout,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 15_000;
  server.maxConnections = limits.maxConnections ?? 512;
  server.connectionsCheckingInterval = Math.min(
    TIMEOUT_CHECK_INTERVAL_MS,
    server.headersTimeout,
  );
}
