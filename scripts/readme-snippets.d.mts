/** A fenced block of the README, in a language whose blocks may name their file. */
export interface ReadmeBlock {
  /** The `##` heading it sits under. */
  readonly heading: string;
  /** The `###` heading it sits under, '' when none. */
  readonly subheading: string;
  readonly language: 'ts' | 'dotenv';
  /** The file its first line names (`// src/app.module.ts`), that line left out of `code`. */
  readonly file: string | undefined;
  readonly code: string;
  /** The README line `code` starts on. */
  readonly line: number;
}

export declare const BY_HAND_HEADING: string;
export declare function readmeBlocks(markdown: string): ReadmeBlock[];
export declare function byHandFiles(markdown: string): Map<string, string>;
