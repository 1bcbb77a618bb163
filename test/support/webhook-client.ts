import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';

/** The webhook's default route. */
export const WEBHOOK_ROUTE = '/api/calls';

/** What `post` sends; every field but the token has the usual default. */
export interface WebhookPost {
  /** Sent as `Authorization: Bearer {token}`; `null` sends no `Authorization` header. */
  readonly token: string | null;
  /**
   * A string is sent as it is (as `application/json` unless `headers` names another type),
   * anything else as JSON.
   * @default { value: [] }
   */
  readonly body?: unknown;
  /** The path and query. @default '/api/calls' */
  readonly path?: string;
  /** More headers, sent after (so over) the defaults. */
  readonly headers?: Record<string, string>;
}

/**
 * POSTs to the webhook of a listening app over real HTTP (supertest against its server), on
 * Express as on Fastify: the one client of the specs that send ordinary requests.
 */
export function post(
  app: INestApplication<App>,
  {
    token,
    body = { value: [] },
    path = WEBHOOK_ROUTE,
    headers = {},
  }: WebhookPost,
): request.Test {
  const req = request(app.getHttpServer())
    .post(path)
    .set('Content-Type', 'application/json');
  if (token !== null) req.set('Authorization', `Bearer ${token}`);
  return req.set(headers).send(body as string | object);
}
