import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as ts from 'typescript';

/** The TypeScript compiler API. */
export type TypeScript = typeof ts;

/**
 * The app's own TypeScript, to parse its sources. Every Nest app has it (a devDependency of the
 * templates); taking it from the app rather than depending on it keeps a compiler out of the
 * package's production install, for the many users who never run this schematic.
 */
export function loadTypeScript(appRoot: string = process.cwd()): TypeScript {
  try {
    return createRequire(join(appRoot, 'package.json'))(
      'typescript',
    ) as TypeScript;
  } catch {
    throw new Error(
      `nest add nestjs-calling-webhook edits the app's TypeScript sources with the app's own compiler, and ${appRoot} has none: npm install --save-dev typescript`,
    );
  }
}
