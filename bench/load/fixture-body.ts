import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Microsoft's published payloads live beside the repository (`../shared/fixtures`). */
export const FIXTURES_DIR =
  process.env.CALLING_FIXTURES_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

/** The incoming-call notification of the Graph `call-answer` page, as published. */
export function incomingCallBody(): string {
  return readFileSync(
    resolve(
      FIXTURES_DIR,
      'graph/v1.0__call-answer__01__notification-incoming.json',
    ),
    'utf8',
  );
}
