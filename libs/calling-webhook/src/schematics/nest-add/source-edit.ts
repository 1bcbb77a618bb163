import type { Tree, UpdateRecorder } from '@angular-devkit/schematics';
import type * as ts from 'typescript';
import type { TypeScript } from './load-typescript.js';

/**
 * One file being edited: its syntax tree, parsed once, and the edits made at positions of that
 * tree. The tree's recorder keeps the positions of the original text, so edits need no order.
 */
export class SourceEdit {
  readonly source: ts.SourceFile;
  private readonly recorder: UpdateRecorder;
  private edited = false;

  constructor(
    readonly ts: TypeScript,
    private readonly tree: Tree,
    readonly path: string,
  ) {
    this.source = ts.createSourceFile(
      path,
      tree.readText(path),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    this.recorder = tree.beginUpdate(path);
  }

  get text(): string {
    return this.source.text;
  }

  insert(position: number, text: string): void {
    this.recorder.insertLeft(position, text);
    this.edited = true;
  }

  replace(node: ts.Node, text: string): void {
    this.recorder.remove(node.getStart(), node.getWidth());
    this.recorder.insertLeft(node.getStart(), text);
    this.edited = true;
  }

  /** The whitespace that starts the line holding `position`. */
  indentAt(position: number): string {
    const lineStart = this.text.lastIndexOf('\n', position - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart))![0];
  }

  /** Whether two positions are on different lines. */
  spansLines(from: number, to: number): boolean {
    return this.text.slice(from, to).includes('\n');
  }

  /** Writes the edits to the tree; a file left as it was is not touched. */
  commit(): boolean {
    if (this.edited) this.tree.commitUpdate(this.recorder);
    return this.edited;
  }
}
