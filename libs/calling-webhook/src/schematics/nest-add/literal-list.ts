import type * as ts from 'typescript';
import type { SourceEdit } from './source-edit.js';

/**
 * Appends an element to an array or object literal, in its layout: after a `, ` in one written
 * on one line, on lines of its own in one written one element a line. `textOnLines` is the
 * element broken over lines (two spaces a level) as Prettier writes it when it is too long for a
 * line; it also opens an empty literal that ends its line, as Prettier would.
 */
export function appendToList(
  edit: SourceEdit,
  list: ts.Node,
  elements: ts.NodeArray<ts.Node>,
  text: string,
  textOnLines = text,
): void {
  const last = elements.at(-1);
  if (!last) {
    if (textOnLines === text || !endsItsLine(edit, list.getEnd())) {
      edit.insert(list.getStart() + 1, text);
      return;
    }
    const outer = edit.indentAt(list.getStart());
    const inner = `${outer}  `;
    edit.insert(
      list.getStart() + 1,
      `\n${inner}${indentLines(textOnLines, inner)},\n${outer}`,
    );
    return;
  }
  if (!edit.spansLines(list.getStart(), last.getStart())) {
    edit.insert(last.getEnd(), `, ${text}`);
    return;
  }
  const indent = edit.indentAt(last.getStart());
  const element = indentLines(textOnLines, indent);
  if (elements.hasTrailingComma) {
    const comma = edit.text.indexOf(',', last.getEnd());
    edit.insert(comma + 1, `\n${indent}${element},`);
  } else {
    edit.insert(last.getEnd(), `,\n${indent}${element}`);
  }
}

/** `text` with `indent` before each line but the first (which goes where the cursor is). */
export function indentLines(text: string, indent: string): string {
  return text.replaceAll('\n', `\n${indent}`);
}

function endsItsLine(edit: SourceEdit, position: number): boolean {
  return /^,?[ \t]*(?:\r?\n|$)/.test(edit.text.slice(position));
}
