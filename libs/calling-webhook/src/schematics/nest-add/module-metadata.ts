import type * as ts from 'typescript';
import { appendToList, indentLines } from './literal-list.js';
import type { SourceEdit } from './source-edit.js';

/** An element for an array of `@Module({...})`, and the name that tells it is there already. */
export interface MetadataElement {
  readonly property: 'imports' | 'providers';
  /** The element's source text on one line, e.g. `CallingWebhookModule.forRoot(options())`. */
  readonly text: string;
  /**
   * The element broken over lines (two spaces a level) as Prettier writes it, for one too long
   * to share a line with `imports: [`; without it, `text` fits.
   */
  readonly textOnLines?: string;
  /** An identifier whose mention in the array means the element (or the user's own) is there. */
  readonly mentions: string;
}

/** The object literal of `@Module({...})` on the class named `className`, if any. */
export function findModuleMetadata(
  edit: SourceEdit,
  className: string,
): ts.ObjectLiteralExpression | undefined {
  const { ts } = edit;
  for (const statement of edit.source.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== className)
      continue;
    for (const decorator of ts.getDecorators(statement) ?? []) {
      const call = decorator.expression;
      if (
        ts.isCallExpression(call) &&
        ts.isIdentifier(call.expression) &&
        call.expression.text === 'Module' &&
        call.arguments[0] &&
        ts.isObjectLiteralExpression(call.arguments[0])
      ) {
        return call.arguments[0];
      }
    }
  }
  return undefined;
}

/** Whether the metadata's `property` array mentions `identifier` anywhere in its elements. */
export function metadataMentions(
  edit: SourceEdit,
  metadata: ts.ObjectLiteralExpression,
  element: MetadataElement,
): boolean {
  const initializer = propertyOf(edit, metadata, element.property)?.initializer;
  if (!initializer) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (edit.ts.isIdentifier(node) && node.text === element.mentions)
      found = true;
    else node.forEachChild(visit);
  };
  visit(initializer);
  return found;
}

/**
 * Adds the elements to their arrays, creating a missing `imports` (first, as Nest orders them)
 * or `providers` (last). Returns the elements it could not place: a property whose value is not
 * an array literal (a variable, a spread) is the user's to extend.
 */
export function addToModuleMetadata(
  edit: SourceEdit,
  metadata: ts.ObjectLiteralExpression,
  elements: readonly MetadataElement[],
): MetadataElement[] {
  const { ts } = edit;
  const unplaced: MetadataElement[] = [];
  const missing: MetadataElement[] = [];
  for (const element of elements) {
    const property = propertyOf(edit, metadata, element.property);
    if (!property) missing.push(element);
    else if (ts.isArrayLiteralExpression(property.initializer))
      appendToList(
        edit,
        property.initializer,
        property.initializer.elements,
        element.text,
        element.textOnLines,
      );
    else unplaced.push(element);
  }
  if (missing.length > 0 && metadata.properties.length === 0) {
    const indent = `${edit.indentAt(metadata.getStart())}  `;
    const entries = missing
      .map((e) => `${indent}${indentLines(entryOnLines(e), indent)},\n`)
      .join('');
    edit.replace(metadata, `{\n${entries}${indent.slice(2)}}`);
    return unplaced;
  }
  for (const element of missing) {
    if (element.property === 'imports') {
      const first = metadata.properties[0]!;
      const indent = edit.indentAt(first.getStart());
      edit.insert(
        first.getStart(),
        edit.spansLines(metadata.getStart(), first.getStart())
          ? `${indentLines(entryOnLines(element), indent)},\n${indent}`
          : `${entry(element)}, `,
      );
    } else {
      appendToList(
        edit,
        metadata,
        metadata.properties,
        entry(element),
        entryOnLines(element),
      );
    }
  }
  return unplaced;
}

const entry = (element: MetadataElement): string =>
  `${element.property}: [${element.text}]`;

/** The property with its array broken over lines, if the element is too long for one. */
const entryOnLines = (element: MetadataElement): string =>
  element.textOnLines === undefined
    ? entry(element)
    : `${element.property}: [\n  ${indentLines(element.textOnLines, '  ')},\n]`;

function propertyOf(
  edit: SourceEdit,
  metadata: ts.ObjectLiteralExpression,
  name: string,
): ts.PropertyAssignment | undefined {
  const { ts } = edit;
  return metadata.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
      property.name.text === name,
  );
}
