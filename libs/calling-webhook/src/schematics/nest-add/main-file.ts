import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import type * as ts from 'typescript';
import type { AppProject } from './app-project.js';
import type { TypeScript } from './load-typescript.js';
import { SourceEdit } from './source-edit.js';

type Logger = SchematicContext['logger'];

const SHUTDOWN_COMMENT =
  '// On SIGTERM, close the app so that call handlers still running can finish.';

/**
 * Enables the shutdown hooks, so that handlers still running finish on SIGTERM. The app's body
 * setup stays as it is, on Express or Fastify: the module checks the token and reads its own
 * bodies before Nest's parsers.
 */
export function configureMain(
  ts: TypeScript,
  tree: Tree,
  project: AppProject,
  logger: Logger,
): void {
  const path = project.mainPath;
  const manual = 'call app.enableShutdownHooks() after NestFactory.create(...)';
  if (!tree.exists(path)) {
    logger.warn(`${path.slice(1)} does not exist: ${manual}.`);
    return;
  }
  const edit = new SourceEdit(ts, tree, path);
  const create = findCreateCall(edit);
  if (!create) {
    logger.warn(
      `${path.slice(1)} has no NestFactory.create(...) call: ${manual}.`,
    );
    return;
  }
  enableShutdownHooks(edit, create, logger);
  edit.commit();
}

function findCreateCall(edit: SourceEdit): ts.CallExpression | undefined {
  const { ts } = edit;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'NestFactory' &&
      node.expression.name.text === 'create'
    ) {
      found = node;
    } else node.forEachChild(visit);
  };
  visit(edit.source);
  return found;
}

function enableShutdownHooks(
  edit: SourceEdit,
  create: ts.CallExpression,
  logger: Logger,
): void {
  const { ts } = edit;
  if (edit.text.includes('.enableShutdownHooks(')) return;
  const statement = statementOf(edit, create);
  const declaration = ts.isVariableStatement(statement)
    ? statement.declarationList.declarations[0]
    : undefined;
  if (!declaration || !ts.isIdentifier(declaration.name)) {
    logger.warn(
      `${edit.path.slice(1)}: call enableShutdownHooks() on the app yourself, so that call handlers still running can finish on SIGTERM.`,
    );
    return;
  }
  const indent = edit.indentAt(statement.getStart());
  edit.insert(
    statement.getEnd(),
    `\n${indent}${SHUTDOWN_COMMENT}\n${indent}${declaration.name.text}.enableShutdownHooks();`,
  );
}

/** The statement a node is part of (the `const app = await NestFactory.create(...)` line). */
function statementOf(edit: SourceEdit, node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    !edit.ts.isBlock(current.parent) &&
    !edit.ts.isSourceFile(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}
