import type * as ts from 'typescript';
import type { SourceEdit } from './source-edit.js';

const isRelative = (specifier: string) => specifier.startsWith('.');

/**
 * Makes `name` importable from `specifier`: nothing when the file imports it already, a name added
 * to an existing import of `specifier`, or a new import line (a package's after the other
 * packages', a relative one after every import, as the Nest templates order them).
 */
export function ensureNamedImport(
  edit: SourceEdit,
  name: string,
  specifier: string,
): void {
  const { ts } = edit;
  const imports = edit.source.statements.filter(ts.isImportDeclaration);
  const from = (declaration: ts.ImportDeclaration) =>
    ts.isStringLiteral(declaration.moduleSpecifier)
      ? declaration.moduleSpecifier.text
      : '';
  for (const declaration of imports.filter((d) => from(d) === specifier)) {
    const clause = declaration.importClause;
    const bindings = clause?.namedBindings;
    if (
      !clause ||
      clause.isTypeOnly ||
      !bindings ||
      !ts.isNamedImports(bindings)
    )
      continue;
    const names = bindings.elements.filter((element) => !element.isTypeOnly);
    if (names.some((element) => element.name.text === name)) return;
    const last = bindings.elements.at(-1);
    if (last) edit.insert(last.getEnd(), `, ${name}`);
    else edit.insert(bindings.getStart() + 1, ` ${name} `);
    return;
  }
  const line = `import { ${name} } from '${specifier}';`;
  const anchor = isRelative(specifier)
    ? imports.at(-1)
    : imports.filter((d) => !isRelative(from(d))).at(-1);
  if (anchor) edit.insert(anchor.getEnd(), `\n${line}`);
  else if (imports[0]) edit.insert(imports[0].getStart(), `${line}\n`);
  else edit.insert(0, `${line}\n`);
}
