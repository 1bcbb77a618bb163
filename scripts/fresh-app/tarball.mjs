// Packs the library as `npm publish` would (its prepack builds it from clean) and checks what the
// tarball holds: the entry points, bin and schematics package.json names, and nothing else.
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { check, NPM, NPM_QUIET, run, say } from './harness.mjs';

/** Packs `lib` into `destination`; gives the tarball's path. */
export async function packLibrary({ root, lib, destination, logFile }) {
  const out = await run(
    NPM,
    ['pack', lib, '--pack-destination', destination, '--json', ...NPM_QUIET],
    { cwd: root, logFile },
  );
  const [packed] = JSON.parse(out.slice(out.indexOf('[')));
  say(
    `   ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed`,
  );
  const paths = new Set(packed.files.map((file) => file.path));
  const manifest = JSON.parse(
    await readFile(join(lib, 'package.json'), 'utf8'),
  );
  for (const required of await requiredFiles(lib, manifest)) {
    check(paths.has(required), `${required} in the tarball`);
  }
  const unwanted = [...paths].filter(
    (path) =>
      /\.spec\.|\.e2e-spec\.|tsbuildinfo|\.map$/.test(path) ||
      (!path.startsWith('dist/') &&
        !['package.json', 'README.md', 'LICENSE'].includes(path)) ||
      (path.endsWith('.ts') && !path.endsWith('.d.ts')),
  );
  check(
    unwanted.length === 0,
    `no specs, sources, maps or build info in the tarball (${unwanted.join(', ') || 'none'})`,
  );
  return join(destination, packed.filename);
}

/** The README, the public entry points, each bin, and the schematics collection with its files. */
async function requiredFiles(lib, manifest) {
  const strip = (path) => posix.normalize(path.replace(/^\.\//, ''));
  const collection = strip(manifest.schematics);
  const { schematics } = JSON.parse(
    await readFile(join(lib, collection), 'utf8'),
  );
  return [
    'package.json',
    'README.md',
    'LICENSE',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/testing/index.js',
    'dist/testing/index.d.ts',
    ...Object.values(manifest.bin ?? {}).map(strip),
    collection,
    // Node reads dist/schematics as CommonJS only through this file: the runtime require()s.
    posix.join(posix.dirname(collection), 'package.json'),
    ...Object.values(schematics).flatMap(({ factory, schema }) => [
      posix.join(posix.dirname(collection), factory.split('#')[0]),
      posix.join(posix.dirname(collection), schema),
    ]),
  ];
}
