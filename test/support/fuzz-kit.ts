import fc from 'fast-check';
import { jsonFixtureTexts } from './fixture-files.js';

/**
 * How many cases a property runs: `ci` in `npm test`; `FUZZ_RUNS` (set by `npm run fuzz`)
 * multiplies nothing, it replaces the figure, scaled by `share` for the costlier properties.
 */
export function fuzzRuns(ci: number, share = 1): number {
  const long = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(long) && long > 0
    ? Math.max(1, Math.round(long * share))
    : ci;
}

/** A fixed seed unless `FUZZ_SEED` is given, so a CI failure can be replayed as it happened. */
export function fuzzSeed(): number | undefined {
  const seed = Number(process.env.FUZZ_SEED);
  return Number.isInteger(seed) ? seed : undefined;
}

/** Every JSON fixture body (Graph, legacy, the seed page's repaired example), parsed. */
export const FIXTURE_BODIES: readonly unknown[] = [
  'graph',
  'legacy',
  'seed-doc',
].flatMap((folder) =>
  jsonFixtureTexts(folder).map(([, text]) => JSON.parse(text) as unknown),
);

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** Every place inside a value that a mutation can hit: `[container, key]`. */
function placesOf(value: Json, into: [Container, string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      into.push([value, i]);
      placesOf(item, into);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push([value as Record<string, Json>, key]);
      placesOf(item, into);
    }
  }
  return into;
}

// Keys with a meaning to JavaScript or to the classifier, planted on purpose.
const NASTY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'value',
  'changeType',
  'resourceUrl',
  'resource',
  'resourceData',
  'participants',
  'operationOutcome',
  '@odata.type',
];

/** One edit of a JSON value at a place; `pick` and `replacement` come from the generator. */
interface Edit {
  readonly place: number;
  readonly op: number;
  readonly replacement: Json;
  readonly key: string;
}

const EDIT: fc.Arbitrary<Edit> = fc.record({
  place: fc.nat(),
  op: fc.nat({ max: 8 }),
  replacement: fc.jsonValue({ maxDepth: 2 }),
  key: fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 8 })),
});

function applyEdit(root: Json, edit: Edit): Json {
  const places = placesOf(root);
  if (places.length === 0) return edit.op % 2 ? [root] : edit.replacement;
  const [container, key] = places[edit.place % places.length];
  const set = (v: Json) => {
    // JSON.parse makes `__proto__` an own key: keep it one (a plain assignment would not).
    Object.defineProperty(container, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  const current = (container as Record<string | number, Json>)[key];
  switch (edit.op) {
    case 0:
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key as string];
      break;
    case 1:
      set(edit.replacement);
      break;
    case 2:
      set(null);
      break;
    case 3:
      set(
        typeof current === 'string' ? current.toUpperCase() : String(current),
      );
      break;
    case 4:
      set(typeof current === 'string' ? current.slice(0, 3) : [current]);
      break;
    case 5:
      set(
        Array.isArray(current)
          ? []
          : typeof current === 'number'
            ? -current
            : {},
      );
      break;
    case 6:
      if (Array.isArray(container)) container.push(structuredClone(current));
      else set(2 ** 53 + 1);
      break;
    default: {
      const target =
        typeof current === 'object' && current !== null ? current : container;
      if (Array.isArray(target)) target.push(edit.replacement);
      else
        Object.defineProperty(target, edit.key, {
          value: edit.replacement,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return root;
}

/** A fixture body changed by a few random edits (a fresh copy each time). */
export const MUTATED_FIXTURE: fc.Arbitrary<Json> = fc
  .tuple(
    fc.nat({ max: FIXTURE_BODIES.length - 1 }),
    fc.array(EDIT, { minLength: 1, maxLength: 4 }),
  )
  .map(([index, edits]) =>
    edits.reduce(
      (body, edit) => applyEdit(body, edit),
      JSON.parse(JSON.stringify(FIXTURE_BODIES[index])) as Json,
    ),
  );

/** Arbitrary JSON, fixture mutations, and the fixtures as they are. */
export const ANY_BODY: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue(),
  MUTATED_FIXTURE,
  fc.constantFrom(...FIXTURE_BODIES),
);
