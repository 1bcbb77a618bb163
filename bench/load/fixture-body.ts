import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Microsoft's published payloads live beside the repository (`../shared/fixtures`). */
export const FIXTURES_DIR =
  process.env.CALLING_FIXTURES_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

/** One Graph fixture's text, as published. */
export function graphFixture(name: string): string {
  return readFileSync(resolve(FIXTURES_DIR, 'graph', name), 'utf8');
}

/** The incoming-call notification of the Graph `call-answer` page, as published. */
export function incomingCallBody(): string {
  return graphFixture('v1.0__call-answer__01__notification-incoming.json');
}

/** The roster fixture with its participants repeated (fresh ids) up to `count`. */
export function rosterBody(count: number): string {
  const body = JSON.parse(
    graphFixture('v1.0__application-post-calls__05__notification-roster.json'),
  ) as { value: { resourceData: Record<string, unknown>[] }[] };
  const published = body.value[0].resourceData;
  body.value[0].resourceData = Array.from({ length: count }, (_, i) => ({
    ...published[i % published.length],
    id: `participant-${i}`,
  }));
  return JSON.stringify(body);
}
