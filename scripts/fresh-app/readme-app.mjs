// The README's path: in a fresh app, install the tarball as "Installing" says, write the by-hand
// Quickstart's files as the README's own snippets give them (the reader the README's tests use),
// build it, pass the template's lint and tests, type-check it without skipLibCheck, start `node
// dist/main.js` and drive it with the testing kit of the installed package (readme-app/drive.mjs),
// then run the installed calling-sim bin against it.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { byHandFiles } from '../readme-snippets.mjs';
import {
  binOf,
  check,
  children,
  freePort,
  NPM,
  run,
  say,
  step,
  stop,
  waitFor,
} from './harness.mjs';
import { installTarball, runCallingSim } from './installed-package.mjs';
import {
  templateLintPasses,
  templateTestsPass,
  templateTestsRun,
} from './template-tests.mjs';

const README = join(import.meta.dirname, '../../README.md');
const DRIVE = join(import.meta.dirname, 'readme-app/drive.mjs');

/** The by-hand Quickstart's files, written into the app as a reader copies them. */
async function writeByHandApp(appDir) {
  const files = byHandFiles(await readFile(README, 'utf8'));
  check(
    ['src/app.module.ts', 'src/main.ts'].every((file) => files.has(file)),
    `the README's by-hand Quickstart gives src/app.module.ts and src/main.ts (it gives ${[...files.keys()].join(', ')})`,
  );
  for (const [file, content] of files) {
    await mkdir(dirname(join(appDir, file)), { recursive: true });
    await writeFile(join(appDir, file), content);
  }
}

export async function readmeApp({ appDir, tarball, logs, npmEnv, label }) {
  const log = (what) => join(logs, `readme-${what}.log`);
  let platform;
  let app;
  let output = '';
  try {
    const testable = await step(
      `${label}: the template's own unit tests, before the package (npm test)`,
      120_000,
      () => templateTestsRun(appDir, log('baseline-test')),
    );

    await step(
      `${label}: install the tarball as the README says (npm brings the peers)`,
      300_000,
      () => installTarball(appDir, tarball, npmEnv, log('npm-install-package')),
    );

    await step(
      `${label}: write the by-hand Quickstart's files from the README, build, and the template's lint passes`,
      180_000,
      async () => {
        await writeByHandApp(appDir);
        await cp(DRIVE, join(appDir, 'drive.mjs'));
        await run(NPM, ['run', 'build'], {
          cwd: appDir,
          logFile: log('build'),
        });
        const built = await readdir(join(appDir, 'dist')).catch(() => []);
        check(built.includes('main.js'), 'dist/main.js built');
        await templateLintPasses(appDir, log('lint'));
      },
    );

    await step(
      `${label}: the template's own tests pass (npm test, npm run test:e2e)`,
      180_000,
      () => templateTestsPass(appDir, testable, log),
    );

    await step(
      `${label}: type-check the app without skipLibCheck (the package's declarations resolve)`,
      120_000,
      async () => {
        const { output: out } = await run(
          binOf(appDir, 'tsc'),
          ['-p', 'tsconfig.build.json', '--noEmit', '--skipLibCheck', 'false'],
          {
            cwd: appDir,
            logFile: log('typecheck'),
            anyExit: true,
          },
        );
        // Only errors in our declarations or the app count; another package's are that package's.
        const errors = out
          .split('\n')
          .filter((line) => /error TS\d+/.test(line));
        const ours = errors.filter((line) =>
          /^(src\/|node_modules\/nestjs-calling-webhook\/)/.test(line),
        );
        check(
          ours.length === 0,
          `no type error in the package's declarations or the app (${ours.join('; ') || 'none'})`,
        );
        for (const line of errors.filter((error) => !ours.includes(error)))
          say(`   note (not ours): ${line}`);
      },
    );

    await step(
      `${label}: the package closes its internals (exports)`,
      30_000,
      async () => {
        const resolved = await run(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            [
              "for (const s of ['nestjs-calling-webhook', 'nestjs-calling-webhook/testing', 'nestjs-calling-webhook/dist/index.js']) {",
              "  try { import.meta.resolve(s); console.log(s, 'resolves'); } catch (e) { console.log(s, e.code); }",
              '}',
            ].join('\n'),
          ],
          { cwd: appDir },
        );
        check(
          /^nestjs-calling-webhook resolves$/m.test(resolved),
          "'nestjs-calling-webhook' resolves",
        );
        check(
          /^nestjs-calling-webhook\/testing resolves$/m.test(resolved),
          "'nestjs-calling-webhook/testing' resolves",
        );
        check(
          /dist\/index\.js ERR_PACKAGE_PATH_NOT_EXPORTED$/m.test(resolved),
          "a deep import ('nestjs-calling-webhook/dist/index.js') is refused (ERR_PACKAGE_PATH_NOT_EXPORTED)",
        );
      },
    );

    const { startPlatform, drive } = await import(
      pathToFileURL(join(appDir, 'drive.mjs')).href
    );

    const port = await step(
      `${label}: start the local platform and the app (node dist/main.js)`,
      60_000,
      async () => {
        const local = await startPlatform();
        platform = local.platform;
        const port = await freePort();
        app = spawn(process.execPath, ['dist/main.js'], {
          cwd: appDir,
          env: {
            ...process.env,
            ...local.env,
            PORT: String(port),
            NO_COLOR: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: process.platform !== 'win32',
        });
        children.add(app);
        app.stdout.on('data', (chunk) => (output += chunk));
        app.stderr.on('data', (chunk) => (output += chunk));
        app.on('close', () => children.delete(app));
        await waitFor(
          async () => {
            if (app.exitCode !== null)
              throw new Error(
                `the app exited ${app.exitCode}:\n${output.trim()}`,
              );
            const answer = await fetch(`http://127.0.0.1:${port}/`).catch(
              () => undefined,
            );
            return answer?.status === 200;
          },
          `the app answers on port ${port}`,
          30_000,
        );
        check(
          /Mapped \{\/api\/calls, POST\}/.test(output),
          'the webhook route POST /api/calls is mapped',
        );
        return port;
      },
    );

    await step(
      `${label}: drive the app with the testing kit from the installed package`,
      60_000,
      () =>
        drive(platform, {
          url: `http://127.0.0.1:${port}/api/calls`,
          output: () => output,
          waitFor,
          check,
        }),
    );

    await step(`${label}: stop the app`, 15_000, () => stop(app));

    await step(
      `${label}: run the package's calling-sim bin against the app (as the README's quickstart)`,
      120_000,
      () =>
        runCallingSim(appDir, log('calling-sim'), [
          'incoming-call',
          'full-call',
          'bad-tokens',
        ]),
    );
  } catch (error) {
    if (output) {
      const tail = output.trim().split('\n').slice(-20).join('\n');
      error.message += `\nthe app's last lines:\n${tail}`;
    }
    throw error;
  } finally {
    if (app) await stop(app);
    await platform?.close();
    if (output) await writeFile(join(logs, 'readme-app.log'), output);
  }
}
