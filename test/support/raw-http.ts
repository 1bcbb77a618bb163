import {
  Agent,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { connect } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types.js';
import { baseUrlOf } from './webhook-app.js';
import { WEBHOOK_ROUTE } from './webhook-client.js';

/** An answer as it came on the wire. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A request whose body the test sends (or not) by hand, and what the server did. */
export interface RawExchange {
  /** The request, its headers sent: write to it, end it, or leave it open. */
  readonly request: ClientRequest;
  /** The complete answer. */
  readonly response: Promise<RawResponse>;
  /** Resolves once the connection is closed, by either side. */
  readonly closed: Promise<void>;
  /** Whether the server sent `100 Continue`, so far. */
  continued(): boolean;
}

/**
 * Opens a POST with these headers on a keep-alive connection of its own (so that a
 * `Connection: close` comes from the server, never from the client) and sends the headers at
 * once. Errors of writing to a connection the server closed are expected here, and ignored.
 */
export function openRequest(
  app: INestApplication<App>,
  headers: Record<string, string | number>,
  path = WEBHOOK_ROUTE,
): RawExchange {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let continued = false;
  const request = httpRequest(`${baseUrlOf(app)}${path}`, {
    method: 'POST',
    headers,
    agent,
  });
  const closed = new Promise<void>((resolve) =>
    request.once('socket', (socket) =>
      socket.once('close', () => {
        agent.destroy();
        resolve();
      }),
    ),
  );
  const response = new Promise<RawResponse>((resolve, reject) => {
    request.once('continue', () => (continued = true));
    request.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.once('error', reject);
    });
    request.once('error', reject);
  });
  // Once answered, a write into the closed connection is no failure of the test.
  void response.catch(() => undefined);
  request.on('error', () => undefined);
  request.flushHeaders();
  return { request, response, closed, continued: () => continued };
}

/** Ends the exchange's keep-alive connection (after an answer that left it open). */
export function release(exchange: RawExchange): void {
  exchange.request.socket?.destroy();
}

/**
 * Writes `text` as it is on a socket of its own (a target or headers no HTTP client would send,
 * or headers never finished) and gives the answer's status line and head.
 */
export function sendRawText(
  port: number,
  text: string,
): Promise<{ statusLine: string; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\r\n\r\n')) {
        socket.destroy();
        resolve({
          statusLine: received.slice(0, received.indexOf('\r\n')),
          head: received.slice(0, received.indexOf('\r\n\r\n')),
        });
      }
    });
    socket.on('error', reject);
  });
}
