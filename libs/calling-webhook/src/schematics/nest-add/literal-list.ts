import type * as ts from 'typescript';
import type { SourceEdit } from './source-edit.js';

/**
 * Appends `text` to the elements of an array or object literal, in its layout: on a line of its
 * own in a literal written one element a line, after a `, ` in one written on one line.
 */
export function appendToList(
  edit: SourceEdit,
  list: ts.Node,
  elements: ts.NodeArray<ts.Node>,
  text: string,
): void {
  const last = elements.at(-1);
  if (!last) {
    edit.insert(list.getStart() + 1, text);
    return;
  }
  if (!edit.spansLines(list.getStart(), last.getStart())) {
    edit.insert(last.getEnd(), `, ${text}`);
    return;
  }
  const indent = edit.indentAt(last.getStart());
  if (elements.hasTrailingComma) {
    const comma = edit.text.indexOf(',', last.getEnd());
    edit.insert(comma + 1, `\n${indent}${text},`);
  } else {
    edit.insert(last.getEnd(), `,\n${indent}${text}`);
  }
}
