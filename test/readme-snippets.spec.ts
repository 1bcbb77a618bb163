import type { UnitTestTree } from '@angular-devkit/schematics/testing';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import {
  byHandFiles,
  readmeBlocks,
  type ReadmeBlock,
} from '../scripts/readme-snippets.mjs';
import { freshNestApp, runNestAdd } from './support/generated-app.js';

// The README's code is what a newcomer copies: its complete snippets must compile as they are,
// and the by-hand Quickstart must be what `nest add` writes. A snippet is complete when its
// first line names its file (`// src/app.module.ts`) or when it starts with an import. The
// named snippets of one section (a `##` heading) are one app, compiled together against the
// library's sources with the compiler options of a `nest new` app (ESM, decorators, strict),
// on top of the template's controller and service; a snippet that names a file the section
// wrote already (the Fastify `main.ts`) makes a variant of that app. A snippet that starts with
// an import and names no file is an app of its own.

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'node_modules/.cache/readme-snippets');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * Snippets left out, each with why. The Jest test needs `@jest/globals`, which comes with Jest
 * and is not installed here (this repository tests with Vitest).
 */
const NOT_COMPILED = [
  {
    why: "imports '@jest/globals' (not installed: this repository runs Vitest)",
    test: (code: string) => code.includes("from '@jest/globals'"),
  },
];

/** A snippet and where it goes: the file it names, or one of its own. */
interface Snippet extends ReadmeBlock {
  readonly file: string;
}

function completeSnippets(): { named: Snippet[]; standalone: Snippet[] } {
  const named: Snippet[] = [];
  const standalone: Snippet[] = [];
  for (const block of readmeBlocks(README)) {
    if (block.language !== 'ts') continue;
    if (NOT_COMPILED.some((rule) => rule.test(block.code))) continue;
    if (block.file) named.push({ ...block, file: block.file });
    else if (block.code.startsWith('import '))
      standalone.push({ ...block, file: `src/readme-line-${block.line}.ts` });
  }
  return { named, standalone };
}

/** The apps the snippets make: one per section, and a variant for each file written again. */
function appsOf(snippets: readonly Snippet[]): Map<string, Snippet>[] {
  const apps: Map<string, Snippet>[] = [];
  let app = new Map<string, Snippet>();
  let heading: string | undefined;
  for (const snippet of snippets) {
    if (snippet.heading !== heading || app.has(snippet.file)) {
      if (app.size > 0) apps.push(app);
      app = snippet.heading === heading ? new Map(app) : new Map();
      heading = snippet.heading;
    }
    app.set(snippet.file, snippet);
  }
  if (app.size > 0) apps.push(app);
  return apps;
}

function compilerOptions(): ts.CompilerOptions {
  const library = join(ROOT, 'libs/calling-webhook/src');
  return {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    strictPropertyInitialization: false,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node', 'vitest/globals'],
    // The package by its name, as a user imports it, resolved to its sources (absolute paths:
    // there is no tsconfig file for them to be relative to).
    paths: {
      'nestjs-calling-webhook': [join(library, 'index.ts')],
      'nestjs-calling-webhook/testing': [join(library, 'testing/index.ts')],
      'nestjs-calling-webhook/health': [join(library, 'health/index.ts')],
    },
  };
}

// What `nest new` writes: the ESM template.
const freshApp = (): Promise<UnitTestTree> => freshNestApp('esm');

const contentsOf = (tree: UnitTestTree) =>
  new Map(tree.files.map((path) => [path.slice(1), tree.readContent(path)]));

describe('the README', () => {
  const { named, standalone } = completeSnippets();

  it('has complete snippets to compile (the Quickstart and the testing kit at least)', () => {
    expect(
      named.filter((s) => s.heading === 'Quickstart').map((s) => s.file),
    ).toEqual(
      expect.arrayContaining([
        'src/app.module.ts',
        'src/main.ts',
        'src/calls/call-handlers.ts',
        'src/calls/calling-webhook.config.ts',
      ]),
    );
    expect(
      named.filter((s) => s.heading === 'Testing your bot').map((s) => s.file),
    ).toContain('test/greeter.e2e-spec.ts');
    expect(standalone.length).toBeGreaterThan(0);
  });

  it('compiles every complete snippet as it is, each section an app on the template', async () => {
    // The template's controller and service, which the Quickstart's root module keeps.
    const template = contentsOf(await freshApp());
    const base = ['src/app.controller.ts', 'src/app.service.ts'];
    rmSync(OUT, { recursive: true, force: true });
    const where = new Map<string, Snippet>();
    const apps = [
      ...appsOf(named),
      ...standalone.map((s) => new Map([[s.file, s]])),
    ];
    for (const [index, app] of apps.entries()) {
      const dir = join(OUT, `app-${index}`);
      for (const file of base.filter((file) => !app.has(file))) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), template.get(file)!);
      }
      for (const snippet of app.values()) {
        const path = join(dir, snippet.file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, snippet.code);
        where.set(path, snippet);
      }
    }
    const program = ts.createProgram([...where.keys()], compilerOptions());
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(
        diagnostic.messageText,
        '\n',
      );
      const snippet = diagnostic.file && where.get(diagnostic.file.fileName);
      if (!diagnostic.file || !snippet) return text;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(
        diagnostic.start ?? 0,
      );
      return `README.md:${snippet.line + line} (${snippet.heading}, ${snippet.file}): ${text}`;
    });
    expect(problems).toEqual([]);
  }, 120_000); // one type-check of every app against the library's sources: seconds, more when busy

  it('gives, by hand, exactly the files nest add writes into a fresh app', async () => {
    const tree = await freshApp();
    const before = contentsOf(tree);
    runNestAdd(tree);
    const written = [...contentsOf(tree)].filter(
      ([path, content]) => before.get(path) !== content,
    );

    expect(written.length).toBeGreaterThan(0);
    expect(Object.fromEntries(byHandFiles(README))).toEqual(
      Object.fromEntries(written),
    );
  });
});
