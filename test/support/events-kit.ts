import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { AnyCallNotificationEvent } from 'nestjs-calling-webhook';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type request from 'supertest';
import type { App } from 'supertest/types.js';
import { fixtureText } from './fixture-files.js';
import { post } from './webhook-client.js';

/** What handlers saw: the handler's label and the event, in the order they ran. */
export class EventRecorder {
  readonly seen: { handler: string; event: AnyCallNotificationEvent }[] = [];

  record(handler: string, event: AnyCallNotificationEvent): void {
    this.seen.push({ handler, event });
  }

  handlers(): string[] {
    return this.seen.map((s) => s.handler);
  }

  clear(): void {
    this.seen.length = 0;
  }
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
} {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A graph fixture, parsed (a fresh copy each time, so a test may change it). */
export function graphFixture(name: string): {
  value: Record<string, unknown>[];
} {
  return JSON.parse(fixtureText('graph', name)) as {
    value: Record<string, unknown>[];
  };
}

/** Posts a body the way the platform does: a real token (fresh unless given), and a message id unless given. */
export function postNotification(
  app: INestApplication<App>,
  provider: LocalOpenIdProvider,
  body: unknown,
  headers: Record<string, string> = {
    'X-Microsoft-Skype-Message-ID': randomUUID(),
  },
  token = provider.mint(),
): request.Test {
  return post(app, { token, body, headers });
}
