import type { SchematicContext } from '@angular-devkit/schematics';
import {
  SchematicTestRunner,
  type UnitTestTree,
} from '@angular-devkit/schematics/testing';
import type { Type } from '@nestjs/common';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path/posix';
import { compileFunction } from 'node:vm';
import ts from 'typescript';
import { nestAdd } from '../../libs/calling-webhook/src/schematics/nest-add/nest-add.factory.js';

// What `nest new` writes: Nest's own application schematic.
const nestSchematics = new SchematicTestRunner(
  '@nestjs/schematics',
  createRequire(import.meta.url).resolve(
    '@nestjs/schematics/dist/collection.json',
  ),
);

/** A fresh `nest new` app (v12 templates), in memory. */
export function freshNestApp(type: 'esm' | 'cjs'): Promise<UnitTestTree> {
  return nestSchematics.runSchematic('application', {
    name: 'bot',
    directory: '.',
    type,
    language: 'ts',
    packageManager: 'npm',
    strict: true,
  });
}

/** Runs `nest add nestjs-calling-webhook` on `tree` with the CLI's defaults for a fresh app. */
export function runNestAdd(tree: UnitTestTree): void {
  // The factory uses nothing of the context but its logger.
  const logger = nestSchematics.logger.createChild('nest-add');
  const context = { logger } as Partial<SchematicContext> as SchematicContext;
  void nestAdd({
    sourceRoot: 'src',
    rootModuleFileName: 'app.module',
    rootModuleClassName: 'AppModule',
    mainFileName: 'main',
  })(tree, context);
}

/**
 * The root module of a fresh CommonJS `nest new` app after `nest add`, its files compiled as
 * `nest build` compiles them and loaded in memory, the package being the library's sources. The
 * generated files run as they are, so a root module that throws while it loads throws here.
 */
export async function generatedAppModule(): Promise<Type> {
  const tree = await freshNestApp('cjs');
  runNestAdd(tree);

  const packages: Record<string, unknown> = {
    '@nestjs/common': await import('@nestjs/common'),
    'nestjs-calling-webhook': await import('nestjs-calling-webhook'),
  };
  const load = (path: string): unknown => {
    const { outputText } = ts.transpileModule(tree.readContent(path), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2023,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      },
    });
    const module = { exports: {} };
    const require = (id: string): unknown => {
      if (id.startsWith('.')) return load(join(dirname(path), `${id}.ts`));
      if (id in packages) return packages[id];
      throw new Error(`${path} imports ${id}, which the test does not provide`);
    };
    compileFunction(outputText, ['module', 'exports', 'require'])(
      module,
      module.exports,
      require,
    );
    return module.exports;
  };
  return (load('/src/app.module.ts') as { AppModule: Type }).AppModule;
}
