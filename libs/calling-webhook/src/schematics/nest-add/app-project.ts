import type { Tree } from '@angular-devkit/schematics';
import { posix } from 'node:path';
import type { NestAddOptions } from './nest-add-options.interface.js';

/** What the schematic needs to know of the app it edits. Paths are rooted at the workspace. */
export interface AppProject {
  readonly sourceRoot: string;
  readonly rootModulePath: string;
  readonly rootModuleClassName: string;
  readonly mainPath: string;
  /**
   * The extension of relative imports: `.js` in an ESM app (`"type": "module"`), where Node
   * resolves a relative import only by its full file name; none in a CommonJS one.
   */
  readonly importSuffix: '.js' | '';
}

/** Reads the workspace's package.json and places the app's files from the options. */
export function readAppProject(
  tree: Tree,
  options: NestAddOptions,
): AppProject {
  if (!tree.exists('/package.json')) {
    throw new Error(
      'No package.json here: run nest add nestjs-calling-webhook in the folder of the Nest app.',
    );
  }
  const manifest = tree.readJson('/package.json') as { type?: unknown };
  const sourceRoot = posix.join(
    '/',
    options.sourceRoot.replace(/\\/g, '/'),
    '.',
  );
  return {
    sourceRoot,
    rootModulePath: posix.join(sourceRoot, `${options.rootModuleFileName}.ts`),
    rootModuleClassName: options.rootModuleClassName,
    mainPath: posix.join(sourceRoot, `${options.mainFileName}.ts`),
    importSuffix: manifest.type === 'module' ? '.js' : '',
  };
}

/** The specifier with which `fromFile` imports `toFile` (both `.ts` paths of the workspace). */
export function relativeImport(
  project: AppProject,
  fromFile: string,
  toFile: string,
): string {
  const path = posix.relative(posix.dirname(fromFile), toFile);
  const specifier = path.startsWith('.') ? path : `./${path}`;
  return specifier.replace(/\.ts$/, project.importSuffix);
}
