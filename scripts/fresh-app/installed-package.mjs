// Checks of the package as an app has it installed: its dependency tree, and its calling-sim bin
// playing calls against the built app.
import {
  binOf,
  check,
  freePort,
  NPM,
  NPM_QUIET,
  run,
  say,
} from './harness.mjs';

/** Installs the packed library alone into the app (npm brings its peers), then checks the tree. */
export async function installTarball(appDir, tarball, npmEnv, logFile) {
  await run(NPM, ['install', tarball, ...NPM_QUIET], {
    cwd: appDir,
    env: npmEnv,
    logFile,
  });
  await checkPackageInstalled(appDir);
}

/**
 * npm only warns about unmet peers: asks `npm ls` and fails on any problem of ours. The
 * template's own (a dev tool's peer range lagging behind TypeScript) are only reported.
 */
async function checkPackageInstalled(appDir) {
  const { stdout } = await run(NPM, ['ls', '--all', '--json', ...NPM_QUIET], {
    cwd: appDir,
    anyExit: true,
  });
  const tree = JSON.parse(stdout);
  const installed = tree.dependencies?.['nestjs-calling-webhook'];
  check(
    installed?.version !== undefined,
    `nestjs-calling-webhook ${installed?.version} installed`,
  );
  const problems = tree.problems ?? [];
  const ours = problems.filter((problem) =>
    problem.includes('nestjs-calling-webhook'),
  );
  check(
    ours.length === 0,
    `no missing or invalid dependency of the package (${ours.join('; ') || 'none'})`,
  );
  for (const problem of problems)
    say(`   note (the template's, not ours): ${problem}`);
}

/** `calling-sim --bot "node dist/main.js"` with the app's installed bin; every scenario must pass. */
export async function runCallingSim(appDir, logFile, scenarios) {
  const target = `http://127.0.0.1:${await freePort()}/api/calls`;
  const out = await run(
    binOf(appDir, 'calling-sim'),
    [
      '--target',
      target,
      '--bot',
      'node dist/main.js',
      '--scenario',
      scenarios.join(','),
      '--hold',
      '500',
    ],
    { cwd: appDir, logFile },
  );
  for (const line of out.split('\n').filter((l) => /^(PASSED|FAILED)/.test(l)))
    say(`   ${line}`);
  check(
    !/^FAILED/m.test(out) &&
      scenarios.every((scenario) =>
        new RegExp(`^PASSED: ${scenario},`, 'm').test(out),
      ),
    `calling-sim exits 0, every scenario (${scenarios.join(', ')}) passed`,
  );
}
