import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared fixtures folder (real Microsoft payloads; read only). */
export const FIXTURES_DIR = join(
  import.meta.dirname,
  '../../../shared/fixtures',
);

/** The raw text of one fixture file. */
export function fixtureText(folder: string, name: string): string {
  return readFileSync(join(FIXTURES_DIR, folder, name), 'utf8');
}

/** Every `.json` file of a fixtures folder, as `[name, text]`. */
export function jsonFixtureTexts(folder: string): [string, string][] {
  return readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name, fixtureText(folder, name)]);
}

/** A stack trace in a response or a log line (an `at ...` frame or a source position). */
export const STACK_TRACE = /\n\s+at |\bat \S+ \(|\.[cm]?[jt]s:\d+:\d+/;
