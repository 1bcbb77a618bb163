// Generates a fresh app from Nest's application template, as `nest new` does, and installs the
// template's dependencies.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { binOf, check, NPM, NPM_QUIET, run, step } from './harness.mjs';

/**
 * `type: 'esm'` runs `nest new` with the CLI of the root devDependencies (no download, the major
 * the template needs). `nest new` asks for the module system only on a terminal and takes ESM
 * otherwise, so `type: 'cjs'` runs what it runs, Nest's application schematic, with `--type=cjs`.
 */
export async function newApp({ root, work, name, type, label, logs, npmEnv }) {
  const appDir = join(work, name);
  await step(
    `${label}: generate the app (${describe(type)})`,
    120_000,
    async () => {
      const log = join(logs, `${name}-new.log`);
      const common = ['--package-manager', 'npm', '--strict'];
      if (type === 'esm') {
        await run(
          binOf(root, 'nest'),
          [
            'new',
            name,
            '--skip-git',
            '--skip-install',
            '--no-observe',
            ...common,
          ],
          { cwd: work, logFile: log },
        );
      } else {
        const schematicsCli = createRequire(
          join(root, 'node_modules/@nestjs/cli/package.json'),
        ).resolve('@angular-devkit/schematics-cli/bin/schematics.js');
        await run(
          process.execPath,
          [
            schematicsCli,
            '@nestjs/schematics:application',
            `--name=${name}`,
            `--type=${type}`,
            '--language=ts',
            '--no-interactive',
            ...common,
          ],
          { cwd: work, logFile: log },
        );
      }
      const manifest = JSON.parse(
        await readFile(join(appDir, 'package.json'), 'utf8'),
      );
      const esm = manifest.type === 'module';
      check(
        esm === (type === 'esm'),
        `the template is ${esm ? 'ESM' : 'CommonJS'} (type: ${manifest.type})`,
      );
    },
  );
  await step(
    `${label}: install the template's dependencies (npm install)`,
    600_000,
    () =>
      run(NPM, ['install', ...NPM_QUIET], {
        cwd: appDir,
        env: npmEnv,
        logFile: join(logs, `${name}-npm-install.log`),
      }),
  );
  return appDir;
}

const describe = (type) =>
  type === 'esm'
    ? 'nest new, the ESM template'
    : "the CommonJS template: nest new's schematic, --type=cjs";
