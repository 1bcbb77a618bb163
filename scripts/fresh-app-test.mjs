#!/usr/bin/env node
// Proves the published package works for a user, outside the monorepo. It packs the library (its
// prepack builds it from clean), then, each in an app freshly generated from Nest's template:
//   readme   installs the tarball, writes the README's by-hand Quickstart from its own snippets,
//            builds it, passes the template's lint and tests, drives `node dist/main.js` with the
//            installed testing kit and runs the installed calling-sim
//            (scripts/fresh-app/readme-app.mjs);
//   esm/cjs  `nest add nestjs-calling-webhook` in the ESM and the CommonJS template: build, a
//            start without CALLING_APP_ID stopping on one line without a stack, the template's
//            own lint and tests, calling-sim with no edit, a second run changing nothing
//            (scripts/fresh-app/nest-add-app.mjs);
//   fastify  the same in the ESM template moved to Fastify (@nestjs/platform-fastify).
//
//   node scripts/fresh-app-test.mjs [--keep] [--fresh-cache] [--only readme,esm,...]
//     --keep         leave the temp dir (the apps, logs, tarball) for a look afterwards
//     --fresh-cache  use an empty npm cache (measures a first install on a clean machine)
//     --only LIST    run only these apps (readme, esm, cjs, fastify)
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  children,
  say,
  seconds,
  step,
  StepFailure,
  stop,
  timings,
} from './fresh-app/harness.mjs';
import { nestAddApp } from './fresh-app/nest-add-app.mjs';
import { newApp } from './fresh-app/new-app.mjs';
import { readmeApp } from './fresh-app/readme-app.mjs';
import { packLibrary } from './fresh-app/tarball.mjs';

const ROOT = join(import.meta.dirname, '..');
const LIB = join(ROOT, 'libs/calling-webhook');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const only = flag('--only')
  ? argv[argv.indexOf('--only') + 1]?.split(',')
  : undefined;

/** The apps, each from a fresh template; `run` takes the app's folder and the shared context. */
const APPS = [
  {
    name: 'readme',
    type: 'esm',
    run: (appDir, context) => readmeApp({ ...context, appDir }),
  },
  {
    name: 'esm',
    type: 'esm',
    run: (appDir, context) => nestAddApp({ ...context, appDir }),
  },
  {
    name: 'cjs',
    type: 'cjs',
    run: (appDir, context) => nestAddApp({ ...context, appDir }),
  },
  {
    name: 'fastify',
    type: 'esm',
    run: (appDir, context) => nestAddApp({ ...context, appDir, fastify: true }),
  },
].filter((app) => !only || only.includes(app.name));

const started = performance.now();
let failed = false;
let work;
let interrupted = false;

// The children run in their own process groups (so a stop reaches npm's and nest's children):
// an interrupted run stops them itself rather than leaving an install or an app behind.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping what the test started\n`);
    await Promise.all([...children].map(stop));
    if (work && !flag('--keep'))
      await rm(work, { recursive: true, force: true });
    process.exit(130);
  });
}

async function main() {
  work = await mkdtemp(join(tmpdir(), 'calling-webhook-fresh-app-'));
  const logs = join(work, 'logs');
  await mkdir(logs);
  const npmEnv = flag('--fresh-cache')
    ? { npm_config_cache: join(work, 'npm-cache') }
    : {};
  say(
    `fresh-app test in ${work} (node ${process.version}${flag('--fresh-cache') ? ', empty npm cache' : ''}; apps: ${APPS.map((app) => app.name).join(', ')})`,
  );
  try {
    const tarball = await step(
      'pack the library (npm pack; its prepack builds it from clean)',
      300_000,
      () =>
        packLibrary({
          root: ROOT,
          lib: LIB,
          destination: work,
          logFile: join(logs, 'pack.log'),
        }),
    );
    for (const app of APPS) {
      const context = {
        tarball,
        logs,
        npmEnv,
        name: app.name,
        label: app.name,
      };
      const appDir = await newApp({
        ...context,
        root: ROOT,
        work,
        type: app.type,
      });
      await app.run(appDir, context);
    }
  } catch (error) {
    failed = true;
    process.stderr.write(
      `\nFAILED: ${error instanceof StepFailure ? error.message : (error?.stack ?? error)}\n`,
    );
    if (!interrupted) process.stderr.write(`logs (kept): ${logs}\n`);
  } finally {
    for (const child of children) await stop(child);
    if (!flag('--keep') && !failed)
      await rm(work, { recursive: true, force: true });
    else if (!flag('--keep'))
      for (const big of [...APPS.map((app) => app.name), 'npm-cache'])
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
