// The `nest add` path: in a fresh app, install the tarball alone (as `nest add` installs the
// package), run `nest add nestjs-calling-webhook --skip-install` with the app's own CLI, build, stop
// with one clean line without CALLING_APP_ID, pass the template's own lint and tests, pass
// calling-sim with no edit, and change nothing when run a second time.
import { createHash } from 'node:crypto';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { binOf, check, NPM, NPM_QUIET, run, step } from './harness.mjs';
import { installTarball, runCallingSim } from './installed-package.mjs';
import { missingAppIdStopsTheApp } from './missing-app-id.mjs';
import {
  templateLintPasses,
  templateTestsPass,
  templateTestsRun,
} from './template-tests.mjs';

const FASTIFY_MAIN = join(import.meta.dirname, 'fastify-app/main.ts');

/** What the schematic reports writing in a fresh app. */
const WRITES = [
  'CREATE src/calls/calling-webhook.config.ts',
  'CREATE src/calls/call-handlers.ts',
  'CREATE .env.example',
  'UPDATE src/app.module.ts',
  'UPDATE src/main.ts',
];

export async function nestAddApp({
  appDir,
  name,
  tarball,
  logs,
  npmEnv,
  label,
  fastify = false,
}) {
  const log = (what) => join(logs, `${name}-${what}.log`);

  if (fastify) {
    await step(
      `${label}: move the app to Fastify (npm install @nestjs/platform-fastify, main.ts on FastifyAdapter)`,
      300_000,
      async () => {
        await run(NPM, ['install', '@nestjs/platform-fastify', ...NPM_QUIET], {
          cwd: appDir,
          env: npmEnv,
          logFile: log('npm-install-fastify'),
        });
        await cp(FASTIFY_MAIN, join(appDir, 'src/main.ts'));
      },
    );
  }

  const testable = await step(
    `${label}: the template's own unit tests, before nest add (npm test)`,
    120_000,
    () => templateTestsRun(appDir, log('baseline-test')),
  );

  await step(
    `${label}: install the tarball alone (npm brings the peers, as for nest add)`,
    300_000,
    () => installTarball(appDir, tarball, npmEnv, log('npm-install-package')),
  );

  await step(
    `${label}: nest add nestjs-calling-webhook --skip-install (the app's CLI)`,
    120_000,
    async () => {
      const out = await nestAdd(appDir, log('nest-add'));
      for (const write of WRITES)
        check(out.includes(write), `nest add reports ${write}`);
      const main = await readFile(join(appDir, 'src/main.ts'), 'utf8');
      check(
        fastify
          ? main.includes('new FastifyAdapter()')
          : main.includes('NestFactory.create(AppModule)'),
        "main.ts keeps its create call (Nest's parsers can stay)",
      );
      check(!main.includes('bodyParser'), 'main.ts has no bodyParser option');
      check(
        main.includes('app.enableShutdownHooks();'),
        'main.ts enables the shutdown hooks',
      );
    },
  );

  await step(
    `${label}: build the app, and the template's lint passes (npm run build, npm run lint)`,
    180_000,
    async () => {
      await run(NPM, ['run', 'build'], { cwd: appDir, logFile: log('build') });
      const built = await readdir(join(appDir, 'dist')).catch(() => []);
      check(built.includes('main.js'), 'dist/main.js built');
      await templateLintPasses(appDir, log('lint'));
    },
  );

  await step(
    `${label}: without CALLING_APP_ID (nor NODE_ENV) node dist/main.js stops with one line naming it, no stack`,
    60_000,
    () => missingAppIdStopsTheApp(appDir, log('missing-app-id')),
  );

  await step(
    `${label}: the template's own tests pass (npm test, npm run test:e2e)`,
    180_000,
    () => templateTestsPass(appDir, testable, log),
  );

  await step(
    `${label}: calling-sim --bot "node dist/main.js" passes against the app as generated`,
    120_000,
    () =>
      runCallingSim(appDir, log('calling-sim'), [
        'incoming-call',
        'full-call',
        'bad-tokens',
      ]),
  );

  await step(
    `${label}: nest add a second time changes nothing`,
    120_000,
    async () => {
      const before = await snapshot(appDir);
      const out = await nestAdd(appDir, log('nest-add-again'));
      const after = await snapshot(appDir);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (path) => before.get(path) !== after.get(path),
      );
      check(
        changed.length === 0,
        `every file as it was (changed: ${changed.join(', ') || 'none'})`,
      );
      check(
        out.includes('Nothing to be done.'),
        'the schematic reports "Nothing to be done."',
      );
    },
  );
}

async function nestAdd(appDir, logFile) {
  const out = await run(
    binOf(appDir, 'nest'),
    ['add', 'nestjs-calling-webhook', '--skip-install'],
    { cwd: appDir, logFile },
  );
  // The CLI colours its output even through a pipe.
  return stripVTControlCharacters(out);
}

/** Every file of the app but installed and built ones, by content. */
async function snapshot(appDir) {
  const files = new Map();
  const skipped = new Set(['node_modules', 'dist', 'coverage']);
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) await walk(path);
      } else {
        const content = await readFile(path);
        files.set(
          relative(appDir, path),
          createHash('sha256').update(content).digest('hex'),
        );
      }
    }
  };
  await walk(appDir);
  return files;
}
