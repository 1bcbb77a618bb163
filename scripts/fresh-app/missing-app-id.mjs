// What a newcomer sees who starts the generated app before filling in .env: Nest's one start-up
// line naming the variable, and an exit code a process manager sees, not Node's uncaught-error
// report with a source excerpt and a stack.
import { stripVTControlCharacters } from 'node:util';
import { check, run } from './harness.mjs';

const STACK_LINE = /^\s+at /;

/** Starts `node dist/main.js` with no CALLING_ variable and no NODE_ENV, and checks the error. */
export async function missingAppIdStopsTheApp(appDir, logFile) {
  // Unset, not empty: spawn leaves out a variable whose value is undefined.
  const env = { NODE_ENV: undefined, NO_COLOR: '1' };
  for (const name of Object.keys(process.env))
    if (name.startsWith('CALLING_')) env[name] = undefined;
  const { code, output } = await run(process.execPath, ['dist/main.js'], {
    cwd: appDir,
    env,
    logFile,
    anyExit: true,
  });
  const lines = stripVTControlCharacters(output).split('\n').filter(Boolean);
  check(code !== 0 && code !== null, `the app exits non-zero (exited ${code})`);
  const errors = lines.filter((line) => / ERROR /.test(line));
  check(
    errors.length === 1 &&
      /ERROR \[ExceptionHandler\] InvalidCallingWebhookOptionsError: .*CALLING_APP_ID is not set/.test(
        errors[0],
      ),
    `one [ExceptionHandler] line naming CALLING_APP_ID (got: ${errors.join(' | ') || lines.slice(-5).join(' | ')})`,
  );
  const stack = lines.filter((line) => STACK_LINE.test(line));
  check(
    stack.length === 0,
    `no stack trace in the output (got ${stack.length} "at" lines, first: ${stack[0] ?? 'none'})`,
  );
}
