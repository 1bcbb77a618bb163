import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import type * as ts from 'typescript';
import type { AppProject } from './app-project.js';
import { appendToList } from './literal-list.js';
import type { TypeScript } from './load-typescript.js';
import { SourceEdit } from './source-edit.js';

type Logger = SchematicContext['logger'];

const BODY_PARSER_COMMENT =
  '// The calling webhook reads its own bodies, after the token check.';
const SHUTDOWN_COMMENT =
  '// On SIGTERM, close the app so that call handlers still running can finish.';

/**
 * On Express, creates the app without Nest's global JSON parser (it reads every body, before any
 * guard, with a 100 KB limit); an app on another adapter (Fastify) keeps its `create` call, the
 * module reads bodies there itself. Either way enables the shutdown hooks.
 */
export function configureMain(
  ts: TypeScript,
  tree: Tree,
  project: AppProject,
  logger: Logger,
): void {
  const path = project.mainPath;
  const manual =
    'create the app with NestFactory.create(AppModule, { bodyParser: false }) (on Express) and call app.enableShutdownHooks()';
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
  turnOffBodyParser(edit, create, logger);
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

function turnOffBodyParser(
  edit: SourceEdit,
  create: ts.CallExpression,
  logger: Logger,
): void {
  const { ts } = edit;
  const [appModule, second, third] = create.arguments;
  if (!appModule) return;
  let options = second;
  if (second && !ts.isObjectLiteralExpression(second)) {
    const express =
      ts.isNewExpression(second) &&
      ts.isIdentifier(second.expression) &&
      second.expression.text === 'ExpressAdapter';
    if (!express) {
      logger.info(
        `${edit.path.slice(1)}: the app is created with its own HTTP adapter (${second.getText()}); its create call is left as it is.`,
      );
      return;
    }
    options = third;
  }
  if (!options) {
    edit.insert(create.arguments.at(-1)!.getEnd(), ', { bodyParser: false }');
  } else if (!ts.isObjectLiteralExpression(options)) {
    logger.warn(
      `${edit.path.slice(1)}: the options of NestFactory.create are ${options.getText()}; give them bodyParser: false yourself.`,
    );
    return;
  } else {
    const bodyParser = options.properties.find(
      (property): property is ts.PropertyAssignment =>
        ts.isPropertyAssignment(property) &&
        ts.isIdentifier(property.name) &&
        property.name.text === 'bodyParser',
    );
    if (bodyParser?.initializer.kind === ts.SyntaxKind.FalseKeyword) return;
    if (bodyParser) {
      logger.info(
        `${edit.path.slice(1)}: bodyParser was ${bodyParser.initializer.getText()}, now false.`,
      );
      edit.replace(bodyParser.initializer, 'false');
    } else if (options.properties.length === 0)
      edit.replace(options, '{ bodyParser: false }');
    else appendToList(edit, options, options.properties, 'bodyParser: false');
  }
  const statement = statementOf(edit, create);
  const indent = edit.indentAt(statement.getStart());
  edit.insert(statement.getStart(), `${BODY_PARSER_COMMENT}\n${indent}`);
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
