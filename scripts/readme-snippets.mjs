// The README's code blocks as a newcomer copies them. test/readme-snippets.spec.ts compiles them
// and compares the by-hand Quickstart with what `nest add` writes; the fresh-app test builds the
// by-hand app from them. One reader for both, so the two cannot read the README differently.

/** The first line that names a block's file: `// src/app.module.ts`, `# .env.example`. */
const FILE_LINES = {
  ts: /^\/\/ ((?:src|test)\/[\w./-]+\.ts)\s*$/,
  dotenv: /^# (\.env[\w.-]*)\s*$/,
};

/** The `###` heading the by-hand Quickstart's files sit under. */
export const BY_HAND_HEADING = 'By hand';

/**
 * Every fenced block of `markdown` in a language of FILE_LINES, with the `##` and `###` headings
 * it sits under, the file its first line names (that line left out of `code`), and the README
 * line its code starts on.
 * @param {string} markdown
 */
export function readmeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  let heading = '(top)';
  let subheading = '';
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) {
      heading = lines[i].slice(3);
      subheading = '';
    }
    if (lines[i].startsWith('### ')) subheading = lines[i].slice(4);
    const language = /^```(\w+)$/.exec(lines[i])?.[1];
    if (!language) continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    const file = FILE_LINES[language]?.exec(body[0] ?? '')?.[1];
    if (language in FILE_LINES) {
      blocks.push({
        heading,
        subheading,
        language,
        file,
        code: (file ? body.slice(1) : body).join('\n'),
        line: i + (file ? 3 : 2),
      });
    }
    i = end;
  }
  return blocks;
}

/**
 * The files of the by-hand Quickstart, by path, each with the content to write (ending in a
 * newline, as a file does).
 * @param {string} markdown
 */
export function byHandFiles(markdown) {
  const files = new Map();
  for (const block of readmeBlocks(markdown)) {
    if (block.subheading === BY_HAND_HEADING && block.file)
      files.set(block.file, `${block.code}\n`);
  }
  return files;
}
