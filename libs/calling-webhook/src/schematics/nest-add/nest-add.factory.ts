import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import { readAppProject } from './app-project.js';
import { writeEnvExample } from './env-example.js';
import { generatedPaths } from './generated-paths.js';
import { configSource, handlersSource } from './generated-sources.js';
import { loadTypeScript } from './load-typescript.js';
import { configureMain } from './main-file.js';
import type { NestAddOptions } from './nest-add-options.interface.js';
import { wireRootModule } from './root-module.js';

/**
 * `nest add nestjs-calling-webhook`: wires the module into a Nest app. Each step leaves what is
 * there already, so a second run changes nothing. It uses only the Tree it is given and the
 * app's TypeScript: nothing of it is a runtime dependency of the package.
 */
export function nestAdd(options: NestAddOptions): Rule {
  return (tree: Tree, context: SchematicContext) => {
    const project = readAppProject(tree, options);
    const ts = loadTypeScript();
    const wiring = wireRootModule(ts, tree, project, context.logger);
    const paths = generatedPaths(project);
    if (wiring.importsConfig)
      createUnlessPresent(tree, paths.config, configSource(), context);
    if (wiring.importsHandlers)
      createUnlessPresent(tree, paths.handlers, handlersSource(), context);
    configureMain(ts, tree, project, context.logger);
    writeEnvExample(tree, context.logger);
  };
}

function createUnlessPresent(
  tree: Tree,
  path: string,
  content: string,
  context: SchematicContext,
): void {
  if (tree.exists(path)) {
    context.logger.info(`${path.slice(1)} exists, left as it is.`);
    return;
  }
  tree.create(path, content);
}
