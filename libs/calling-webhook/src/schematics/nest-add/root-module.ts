import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import { relativeImport, type AppProject } from './app-project.js';
import { generatedPaths, PACKAGE } from './generated-paths.js';
import type { TypeScript } from './load-typescript.js';
import {
  addToModuleMetadata,
  findModuleMetadata,
  metadataMentions,
  type MetadataElement,
} from './module-metadata.js';
import { ensureNamedImport } from './named-import.js';
import { SourceEdit } from './source-edit.js';

/** What the root module got; each file it now imports must exist. */
export interface RootModuleWiring {
  readonly importsConfig: boolean;
  readonly importsHandlers: boolean;
}

/**
 * Adds `CallingWebhookModule.forRootAsync({ useFactory: () => callingWebhookConfig() })` to the
 * root module's imports and `CallHandlers` to its providers, each unless the module has it
 * already (so a second run, or a module the user wired by hand, is left alone).
 */
export function wireRootModule(
  ts: TypeScript,
  tree: Tree,
  project: AppProject,
  logger: SchematicContext['logger'],
): RootModuleWiring {
  const path = project.rootModulePath;
  if (!tree.exists(path)) {
    throw new Error(
      `Could not find the root module: ${path.slice(1)} does not exist. Name its file (in ${project.sourceRoot.slice(1)}/, without .ts) with --root-module-file-name; the folder is the sourceRoot of nest-cli.json (--source-root).`,
    );
  }
  const edit = new SourceEdit(ts, tree, path);
  const metadata = findModuleMetadata(edit, project.rootModuleClassName);
  if (!metadata) {
    throw new Error(
      `${path.slice(1)} has no class ${project.rootModuleClassName} decorated with @Module({ ... }). Name the root module's class with --root-module-class-name.`,
    );
  }
  const paths = generatedPaths(project);
  // forRootAsync, not forRoot: forRoot's argument is evaluated while Node loads app.module.js,
  // before Nest's ExceptionHandler exists, so a missing CALLING_APP_ID would be Node's
  // uncaught-error report, source excerpt and stack. The factory runs inside NestFactory.create,
  // which logs the error as one line and exits with 1.
  const module: MetadataElement = {
    property: 'imports',
    text: 'CallingWebhookModule.forRootAsync({ useFactory: () => callingWebhookConfig() })',
    textOnLines:
      'CallingWebhookModule.forRootAsync({\n  useFactory: () => callingWebhookConfig(),\n})',
    mentions: 'CallingWebhookModule',
  };
  const handlers: MetadataElement = {
    property: 'providers',
    text: 'CallHandlers',
    mentions: 'CallHandlers',
  };
  const wanted = [module, handlers].filter((element) => {
    const present = metadataMentions(edit, metadata, element);
    if (present) {
      logger.info(
        `${path.slice(1)}: ${element.mentions} is in ${element.property} already, left as it is.`,
      );
    }
    return !present;
  });
  for (const element of addToModuleMetadata(edit, metadata, wanted)) {
    logger.warn(
      `${path.slice(1)}: ${element.property} of @Module is not an array literal; add ${element.text} to it yourself (it is imported).`,
    );
  }
  if (wanted.includes(module)) {
    ensureNamedImport(edit, 'CallingWebhookModule', PACKAGE);
    ensureNamedImport(
      edit,
      'callingWebhookConfig',
      relativeImport(project, path, paths.config),
    );
  }
  if (wanted.includes(handlers)) {
    ensureNamedImport(
      edit,
      'CallHandlers',
      relativeImport(project, path, paths.handlers),
    );
  }
  edit.commit();
  return {
    importsConfig: wanted.includes(module),
    importsHandlers: wanted.includes(handlers),
  };
}
