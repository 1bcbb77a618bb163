import type { INestApplication } from '@nestjs/common';
import { OpenIdKeySource } from 'nestjs-calling-webhook';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { Response } from 'supertest';
import type { App } from 'supertest/types.js';
import type { CapturedLogs } from './webhook-app.js';
import { post } from './webhook-client.js';

/** The `WWW-Authenticate` a refusal must carry. */
export type Challenge = 'bare' | 'invalid_token' | 'invalid_request' | 'none';

const BARE = 'Bearer realm="teams-calling"';

/** Asserts the `WWW-Authenticate` header of a response. */
export function expectChallenge(res: Response, challenge: Challenge): void {
  const header = res.headers['www-authenticate'] as string | undefined;
  if (challenge === 'none') {
    expect(header).toBeUndefined();
  } else if (challenge === 'bare') {
    expect(header).toBe(BARE);
  } else {
    expect(header).toMatch(
      new RegExp(`^${BARE}, error="${challenge}", error_description="[^"]+"$`),
    );
  }
}

/**
 * Asserts that neither the response (status line aside) nor any captured log line contains the
 * token or its signature segment. Segments too short to be meaningful are skipped.
 */
export function expectNoLeak(
  res: Response,
  token: string,
  logs: CapturedLogs,
): void {
  const secrets = [token, token.split('.')[2] ?? ''].filter(
    (s) => s.length >= 16,
  );
  const seen = [
    res.text ?? '',
    JSON.stringify(res.body ?? null),
    JSON.stringify(res.headers),
    ...logs.lines,
  ].join('\n');
  for (const secret of secrets) expect(seen).not.toContain(secret);
}

/** Asserts a refusal: status, challenge, `Retry-After` on 503, nothing leaked, no stack. */
export function expectRefusal(
  res: Response,
  expected: { status: 401 | 403 | 503; challenge: Challenge },
  token: string,
  logs: CapturedLogs,
): void {
  expect(res.status).toBe(expected.status);
  expectChallenge(res, expected.challenge);
  if (expected.status === 503) {
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  } else {
    expect(res.headers['retry-after']).toBeUndefined();
  }
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
  expectNoLeak(res, token, logs);
}

/**
 * Asserts that the app could get no signing key: a valid token is refused `503` with
 * `Retry-After`, the reason is logged, and no key is held.
 */
export async function expectNoKeys(
  app: INestApplication<App>,
  provider: LocalOpenIdProvider,
  logs: CapturedLogs,
  logged: string | RegExp,
): Promise<void> {
  const token = provider.mint();
  expectRefusal(
    await post(app, { token }),
    { status: 503, challenge: 'none' },
    token,
    logs,
  );
  expect(logs.lines.join('\n')).toMatch(logged);
  expect(app.get(OpenIdKeySource).size).toBe(0);
}
