#!/usr/bin/env node
// Builds the package into dist/: tsc (the library as ESM; src/schematics as CommonJS, because the
// schematics runtime require()s its factories: src/schematics/package.json says so to tsc), then
// what tsc does not copy: the schematics' JSON files, among them that package.json, which tells
// Node the same about dist/schematics; and the execute bit of the calling-sim bin. It ends by
// checking that every entry point package.json names was built (prepack runs it: no empty or
// partial package ships).
//
//   node tools/build.mjs [--clean]   --clean: remove dist/ first (prepack: no stale file ships)
import { spawnSync } from 'node:child_process';
import { chmod, cp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const LIB = join(import.meta.dirname, '..');
const DIST = join(LIB, 'dist');
const manifest = JSON.parse(await readFile(join(LIB, 'package.json'), 'utf8'));

if (process.argv.includes('--clean'))
  await rm(DIST, { recursive: true, force: true });

const tsc = createRequire(join(LIB, 'package.json')).resolve(
  'typescript/bin/tsc',
);
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], {
  cwd: LIB,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

await cp(join(LIB, 'src/schematics'), join(DIST, 'schematics'), {
  recursive: true,
  filter: async (source) =>
    source.endsWith('.json') || (await stat(source)).isDirectory(),
});

const problems = [];
const exists = (path) =>
  stat(join(LIB, path)).then(
    () => true,
    () => false,
  );
for (const entry of [
  manifest.main,
  ...Object.values(manifest.exports)
    .filter((target) => typeof target === 'object')
    .flatMap((target) => [target.types, target.default]),
  ...Object.values(manifest.bin),
  manifest.schematics,
]) {
  if (!(await exists(entry))) problems.push(`${entry} is missing`);
}
// Loads each factory as the schematics runtime does (require): it must be CommonJS, as Node before
// require(esm) (and with it, without a warning) reads it only then.
if (problems.length === 0) {
  const collectionFile = join(LIB, manifest.schematics);
  const { schematics } = JSON.parse(await readFile(collectionFile, 'utf8'));
  const require = createRequire(collectionFile);
  for (const [name, { factory, schema }] of Object.entries(schematics)) {
    const [file, exported = 'default'] = factory.split('#');
    const loaded = require(file);
    if (Object.prototype.toString.call(loaded) === '[object Module]')
      problems.push(`the ${name} schematic's ${file} is an ES module`);
    else if (typeof loaded[exported] !== 'function')
      problems.push(`the ${name} schematic's ${factory} is not a function`);
    if (!(await exists(join(manifest.schematics, '..', schema))))
      problems.push(`the ${name} schematic's ${schema} is missing`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`build: ${problems.join('; ')}\n`);
  process.exit(1);
}

for (const bin of Object.values(manifest.bin))
  await chmod(join(LIB, bin), 0o755);
