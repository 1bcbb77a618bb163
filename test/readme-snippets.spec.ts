import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

// The README's code is what a newcomer copies: its complete snippets must compile as they are.
// A snippet is complete when its first line names its file (`// src/app.module.ts`). The
// snippets of one section (a `##` heading) are one app, compiled together against the library's
// sources with the compiler options of a `nest new` app (ESM, decorators, strict); a snippet that
// names a file the section wrote already (the Fastify `main.ts`) makes a variant of that app.

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'node_modules/.cache/readme-snippets');
const FILE_LINE = /^\/\/ ((?:src|test)\/[\w./-]+\.ts)\s*$/;

interface Snippet {
  readonly heading: string;
  readonly file: string;
  readonly code: string;
  /** The README line the code starts on. */
  readonly line: number;
}

function completeSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) heading = lines[i].slice(3);
    if (lines[i] !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    const file = FILE_LINE.exec(body[0] ?? '')?.[1];
    if (file)
      snippets.push({ heading, file, code: body.join('\n'), line: i + 2 });
    i = end;
  }
  return snippets;
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

describe('the README', () => {
  const snippets = completeSnippets(
    readFileSync(join(ROOT, 'README.md'), 'utf8'),
  );

  it('has complete snippets to compile (the Quickstart at least)', () => {
    expect(
      snippets.filter((s) => s.heading === 'Quickstart').map((s) => s.file),
    ).toEqual(
      expect.arrayContaining([
        'src/app.module.ts',
        'src/main.ts',
        'src/calls/call-handlers.ts',
      ]),
    );
  });

  it('compiles every complete snippet as it is, each section an app', () => {
    rmSync(OUT, { recursive: true, force: true });
    const where = new Map<string, Snippet>();
    for (const [index, app] of appsOf(snippets).entries()) {
      for (const snippet of app.values()) {
        const path = join(OUT, `app-${index}`, snippet.file);
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
  });
});
