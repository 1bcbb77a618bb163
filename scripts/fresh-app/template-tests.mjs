// The template's own lint and tests, run in an app after the package is wired into it: what a
// user's CI runs first.
import { check, NPM, run, say } from './harness.mjs';

/**
 * Whether the template's tests run on this machine at all (before anything of ours is in the
 * app): the CommonJS template's Jest loads Nest 12 (ESM only) through require(esm), which Jest
 * supports only from Node 24.9.
 */
export async function templateTestsRun(appDir, logFile) {
  const { code, output } = await run(NPM, ['test'], {
    cwd: appDir,
    logFile,
    anyExit: true,
  });
  if (code === 0) {
    say('   ok  they pass');
    return { ok: true };
  }
  const reason =
    output.match(/^.*Node v[\d.]+\+.*$/m)?.[0].trim() ??
    `npm test exited ${code} (${logFile})`;
  say(`   they fail: ${reason}`);
  return { ok: false, reason };
}

/** `npm run lint` finds nothing in the app's sources and tests. */
export async function templateLintPasses(appDir, logFile) {
  const lint = await run(NPM, ['run', 'lint'], { cwd: appDir, logFile });
  check(
    /Found 0 warnings and 0 errors/.test(lint),
    "no lint warning or error in the app's sources and tests",
  );
}

/**
 * `npm test` and `npm run test:e2e` pass, unless they failed before the package was there
 * (`testable`, from templateTestsRun). The e2e test creates the AppModule, with the webhook in it.
 */
export async function templateTestsPass(appDir, testable, log) {
  if (!testable.ok) {
    say(
      `   skipped: they fail before the package is wired in too, on node ${process.version}: ${testable.reason}`,
    );
    return;
  }
  await run(NPM, ['test'], { cwd: appDir, logFile: log('test') });
  say('   ok  npm test');
  await run(NPM, ['run', 'test:e2e'], {
    cwd: appDir,
    logFile: log('test-e2e'),
  });
  say('   ok  npm run test:e2e');
}
