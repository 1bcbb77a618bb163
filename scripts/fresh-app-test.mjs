#!/usr/bin/env node
// Proves the published package works for a user, outside the monorepo: packs the library,
// generates a fresh app from the Nest application template, installs the tarball, writes the app
// the way the README says, builds it with the app's own `npm run build`, starts `node dist/main.js`
// and drives it with the testing kit imported from the installed package.
//
//   node scripts/fresh-app-test.mjs [--keep] [--fresh-cache]
//     --keep         leave the temp dir (the app, logs, tarball) for a look afterwards
//     --fresh-cache  use an empty npm cache (measures a first install on a clean machine)
import { spawn } from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const LIB = join(ROOT, 'libs/calling-webhook');
const TEMPLATE = join(import.meta.dirname, 'fresh-app');
const APP_NAME = 'fresh-app';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];
const args = new Set(process.argv.slice(2));

const started = performance.now();
const timings = [];
const children = new Set();
let failed = false;
let work;
let interrupted = false;

class StepFailure extends Error {}

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const say = (line) => process.stdout.write(`${line}\n`);

/** Runs one named step, timing it; a step over `timeoutMs` fails the test. */
async function step(name, timeoutMs, body) {
  say(`== ${name}`);
  const begun = performance.now();
  let timer;
  try {
    return await Promise.race([
      body(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new StepFailure(`timed out after ${seconds(timeoutMs)}`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    throw new StepFailure(
      `${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
    const ms = performance.now() - begun;
    timings.push([name, ms]);
    say(`   ${seconds(ms)}`);
  }
}

/** Fails the current step with `message` unless `ok`. */
function check(ok, message) {
  if (!ok) throw new StepFailure(`expected ${message}`);
  say(`   ok  ${message}`);
}

/** Runs a command to completion (no TTY, CI mode) and gives its stdout; all output goes to `logFile`. */
function run(
  command,
  commandArgs,
  { cwd, env = {}, logFile, anyExit = false },
) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd,
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      detached: process.platform !== 'win32',
    });
    children.add(child);
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => {
      children.delete(child);
      reject(error);
    });
    child.on('close', async (code, signal) => {
      children.delete(child);
      if (logFile) await writeFile(logFile, output);
      if (code === 0 || anyExit) return resolve(stdout);
      const tail = output.trim().split('\n').slice(-30).join('\n');
      reject(
        new Error(
          `${command} ${commandArgs.join(' ')} exited ${signal ?? code}:\n${tail}`,
        ),
      );
    });
  });
}

/** Stops a child and its process group (npm and nest start their own children). */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal) => {
      try {
        if (process.platform === 'win32') child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const force = setTimeout(() => kill('SIGKILL'), 5_000);
    child.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    kill('SIGTERM');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `predicate()` holds, failing with `what` after `timeoutMs`. */
async function waitFor(predicate, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) {
      say(`   ok  ${what}`);
      return;
    }
    if (Date.now() > deadline)
      throw new StepFailure(`${what}: not within ${seconds(timeoutMs)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The paths of the tarball, and what must and must not be in it. */
function checkTarballContents(files) {
  const paths = new Set(files.map((file) => file.path));
  for (const required of [
    'package.json',
    'README.md',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/testing/index.js',
    'dist/testing/index.d.ts',
  ]) {
    check(paths.has(required), `${required} in the tarball`);
  }
  const unwanted = [...paths].filter(
    (path) =>
      /\.spec\.|\.e2e-spec\.|tsbuildinfo|\.map$/.test(path) ||
      (!path.startsWith('dist/') &&
        !['package.json', 'README.md', 'LICENSE'].includes(path)) ||
      (path.endsWith('.ts') && !path.endsWith('.d.ts')),
  );
  check(
    unwanted.length === 0,
    `no specs, sources, maps or build info in the tarball (${unwanted.join(', ') || 'none'})`,
  );
}

/** Every compiled file must come from a current source: a stale one would ship a dead module. */
async function checkNoStaleOutput(files) {
  const stale = [];
  for (const { path } of files) {
    const match = /^dist\/(.+)\.(?:js|d\.ts)$/.exec(path);
    if (!match) continue;
    const source = join(LIB, 'src', `${match[1]}.ts`);
    if (!(await stat(source).catch(() => undefined))) stale.push(path);
  }
  check(
    stale.length === 0,
    `every dist file has its source (stale: ${stale.join(', ') || 'none'}; remove libs/calling-webhook/dist and rebuild)`,
  );
}

// The children run in their own process groups (so a stop reaches npm's and nest's children):
// an interrupted run stops them itself rather than leaving an install or the app behind.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping what the test started\n`);
    await Promise.all([...children].map(stop));
    if (work && !args.has('--keep'))
      await rm(work, { recursive: true, force: true });
    process.exit(130);
  });
}

async function main() {
  work = await mkdtemp(join(tmpdir(), 'calling-webhook-fresh-app-'));
  const appDir = join(work, APP_NAME);
  const logs = join(work, 'logs');
  await mkdir(logs);
  const npmEnv = args.has('--fresh-cache')
    ? { npm_config_cache: join(work, 'npm-cache') }
    : {};
  say(
    `fresh-app test in ${work} (node ${process.version}${args.has('--fresh-cache') ? ', empty npm cache' : ''})`,
  );
  let platform;
  let app;
  let output = '';
  try {
    await step('build the library', 180_000, () =>
      run(NPM, ['run', 'build:lib'], {
        cwd: ROOT,
        logFile: join(logs, 'build-lib.log'),
      }),
    );

    const tarball = await step('pack the library', 120_000, async () => {
      const out = await run(
        NPM,
        [
          'pack',
          './libs/calling-webhook',
          '--pack-destination',
          work,
          '--json',
          ...NPM_QUIET,
        ],
        {
          cwd: ROOT,
          logFile: join(logs, 'pack.log'),
        },
      );
      const [packed] = JSON.parse(out.slice(out.indexOf('[')));
      say(
        `   ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed`,
      );
      checkTarballContents(packed.files);
      const manifest = JSON.parse(
        await readFile(join(LIB, 'package.json'), 'utf8'),
      );
      for (const [name, target] of Object.entries(manifest.bin ?? {})) {
        const path = target.replace(/^\.\//, '');
        check(
          packed.files.some((file) => file.path === path),
          `the ${name} bin (${path}) in the tarball`,
        );
      }
      await checkNoStaleOutput(packed.files);
      return join(work, packed.filename);
    });

    await step(
      'generate a fresh app (nest new, Nest 12 application template)',
      120_000,
      async () => {
        // The CLI of the root devDependencies: no download, the same major the app template needs.
        const nest = join(
          ROOT,
          'node_modules/.bin',
          process.platform === 'win32' ? 'nest.cmd' : 'nest',
        );
        await run(
          nest,
          [
            'new',
            APP_NAME,
            '--skip-git',
            '--skip-install',
            '--package-manager',
            'npm',
            '--no-observe',
            '--strict',
          ],
          { cwd: work, logFile: join(logs, 'nest-new.log') },
        );
        const generated = JSON.parse(
          await readFile(join(appDir, 'package.json'), 'utf8'),
        );
        check(
          generated.type === 'module',
          `the template is ESM (type: ${generated.type})`,
        );
      },
    );

    await step(
      "install the app's template dependencies (npm install)",
      600_000,
      () =>
        run(NPM, ['install', ...NPM_QUIET], {
          cwd: appDir,
          env: npmEnv,
          logFile: join(logs, 'npm-install.log'),
        }),
    );

    await step(
      'install the tarball and its peers the README names',
      300_000,
      async () => {
        await run(
          NPM,
          ['install', tarball, '@nestjs/passport', 'passport', ...NPM_QUIET],
          {
            cwd: appDir,
            env: npmEnv,
            logFile: join(logs, 'npm-install-package.log'),
          },
        );
        // npm only warns about unmet peers: ask `npm ls` and fail on any problem of ours. The
        // template's own (a dev tool's peer range lagging behind TypeScript) are only reported.
        const tree = JSON.parse(
          await run(NPM, ['ls', '--all', '--json', ...NPM_QUIET], {
            cwd: appDir,
            anyExit: true,
          }),
        );
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
      },
    );

    await step(
      'write the app the way the README says and build it (npm run build)',
      180_000,
      async () => {
        await cp(join(TEMPLATE, 'src'), join(appDir, 'src'), {
          recursive: true,
        });
        await cp(join(TEMPLATE, 'drive.mjs'), join(appDir, 'drive.mjs'));
        await run(NPM, ['run', 'build'], {
          cwd: appDir,
          logFile: join(logs, 'app-build.log'),
        });
        const built = await readdir(join(appDir, 'dist')).catch(() => []);
        check(built.includes('main.js'), 'dist/main.js built');
      },
    );

    await step(
      "type-check the app without skipLibCheck (the package's declarations resolve)",
      120_000,
      async () => {
        const tsc = join(
          appDir,
          'node_modules/.bin',
          process.platform === 'win32' ? 'tsc.cmd' : 'tsc',
        );
        const out = await run(
          tsc,
          ['-p', 'tsconfig.build.json', '--noEmit', '--skipLibCheck', 'false'],
          {
            cwd: appDir,
            logFile: join(logs, 'app-typecheck.log'),
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
      'the package closes its internals (exports)',
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
      'start the local platform and the app (node dist/main.js)',
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
        check(
          !output.includes('global JSON body parser'),
          'no body-parser warning (bodyParser: false)',
        );
        return port;
      },
    );

    await step(
      'drive the app with the testing kit from the installed package',
      60_000,
      () =>
        drive(platform, {
          url: `http://127.0.0.1:${port}/api/calls`,
          output: () => output,
          waitFor,
          check,
        }),
    );

    await step('stop the app', 15_000, () => stop(app));

    await step(
      "run the package's calling-sim bin against the app (as the README's quickstart)",
      120_000,
      async () => {
        const sim = join(
          appDir,
          'node_modules/.bin',
          process.platform === 'win32' ? 'calling-sim.cmd' : 'calling-sim',
        );
        const target = `http://127.0.0.1:${await freePort()}/api/calls`;
        const out = await run(
          sim,
          [
            '--target',
            target,
            '--bot',
            'node dist/main.js',
            '--scenario',
            'incoming-call,full-call,bad-tokens',
            '--hold',
            '500',
          ],
          { cwd: appDir, logFile: join(logs, 'calling-sim.log') },
        );
        for (const line of out
          .split('\n')
          .filter((l) => /^(PASSED|FAILED)/.test(l)))
          say(`   ${line}`);
        check(
          !/^FAILED/m.test(out),
          'calling-sim exits 0, every scenario passed',
        );
      },
    );
  } catch (error) {
    failed = true;
    process.stderr.write(
      `\nFAILED: ${error instanceof StepFailure ? error.message : (error?.stack ?? error)}\n`,
    );
    if (output) {
      const tail = output.trim().split('\n').slice(-20).join('\n');
      process.stderr.write(`the app's last lines:\n${tail}\n`);
    }
    if (!interrupted) process.stderr.write(`logs (kept): ${logs}\n`);
  } finally {
    for (const child of children) await stop(child);
    await platform?.close();
    if (output) await writeFile(join(logs, 'app.log'), output);
    if (!args.has('--keep') && !failed)
      await rm(work, { recursive: true, force: true });
    else if (!args.has('--keep'))
      for (const big of [APP_NAME, 'npm-cache'])
        await rm(join(work, big), { recursive: true, force: true });
  }
  say('\ntimings:');
  for (const [name, ms] of timings)
    say(`  ${seconds(ms).padStart(7)}  ${name}`);
  say(`  ${seconds(performance.now() - started).padStart(7)}  total`);
  say(failed ? '\nfresh-app test FAILED' : '\nfresh-app test passed');
  process.exitCode = failed ? 1 : 0;
}

await main();
