// The README's path: install the tarball and the peers the README names in a fresh app, write the
// app by hand as the Quickstart does (readme-app/src), build it, type-check it without
// skipLibCheck, start `node dist/main.js` and drive it with the testing kit of the installed
// package (readme-app/drive.mjs), then run the installed calling-sim bin against it.
import { spawn } from 'node:child_process';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  binOf,
  check,
  children,
  freePort,
  NPM,
  NPM_QUIET,
  run,
  say,
  step,
  stop,
  waitFor,
} from './harness.mjs';
import { checkPackageInstalled, runCallingSim } from './installed-package.mjs';

const SOURCES = join(import.meta.dirname, 'readme-app');

export async function readmeApp({ appDir, tarball, logs, npmEnv, label }) {
  let platform;
  let app;
  let output = '';
  try {
    await step(
      `${label}: install the tarball and its peers the README names`,
      300_000,
      async () => {
        await run(
          NPM,
          ['install', tarball, '@nestjs/passport', 'passport', ...NPM_QUIET],
          {
            cwd: appDir,
            env: npmEnv,
            logFile: join(logs, 'readme-npm-install-package.log'),
          },
        );
        await checkPackageInstalled(appDir);
      },
    );

    await step(
      `${label}: write the app the way the README says and build it (npm run build)`,
      180_000,
      async () => {
        await cp(join(SOURCES, 'src'), join(appDir, 'src'), {
          recursive: true,
        });
        await cp(join(SOURCES, 'drive.mjs'), join(appDir, 'drive.mjs'));
        await run(NPM, ['run', 'build'], {
          cwd: appDir,
          logFile: join(logs, 'readme-app-build.log'),
        });
        const built = await readdir(join(appDir, 'dist')).catch(() => []);
        check(built.includes('main.js'), 'dist/main.js built');
      },
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
            logFile: join(logs, 'readme-app-typecheck.log'),
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
        runCallingSim(appDir, join(logs, 'readme-calling-sim.log'), [
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
