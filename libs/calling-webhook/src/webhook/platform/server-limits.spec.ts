import type { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { applyServerLimits } from './server-limits.js';

// A Node server stands in for the app's: applyServerLimits reads nothing of Nest but it.
function appOver(server: Server): INestApplication {
  return { getHttpServer: () => server } as unknown as INestApplication;
}

describe('applyServerLimits', () => {
  it('sets seconds, not minutes, and a connection bound by default', () => {
    const server = createServer();
    applyServerLimits(appOver(server));
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(15_000);
    expect(server.maxConnections).toBe(512);
  });

  it('keeps the request timeout at least the headers timeout', () => {
    const server = createServer();
    applyServerLimits(appOver(server), {
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 5_000,
    });
    expect(server.requestTimeout).toBe(20_000);
  });

  it.each([
    ['headersTimeoutMs', 0],
    ['requestTimeoutMs', -1],
    ['keepAliveTimeoutMs', 1.5],
    ['maxConnections', Number.NaN],
  ])('refuses %s = %s, naming it', (name, value) => {
    const server = createServer();
    expect(() => applyServerLimits(appOver(server), { [name]: value })).toThrow(
      new RegExp(`^applyServerLimits: ${name} must be a whole number`),
    );
    // Nothing half applied.
    expect(server.maxConnections).not.toBe(512);
  });
});
