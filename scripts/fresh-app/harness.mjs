// The fresh-app test's harness: named, timed steps that fail with a reason; commands run to
// completion in their own process groups; waits on conditions, never fixed sleeps.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

/** A step's failure: its message is the whole story (no stack). */
export class StepFailure extends Error {}

/** Every child still running, for a stop on failure or interrupt. */
export const children = new Set();

/** Each step's name and duration, in order. */
export const timings = [];

export const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
export const say = (line) => process.stdout.write(`${line}\n`);

/** A binary of a package installed in `dir` (`node_modules/.bin/<name>`). */
export const binOf = (dir, name) =>
  join(
    dir,
    'node_modules/.bin',
    process.platform === 'win32' ? `${name}.cmd` : name,
  );

/** Runs one named step, timing it; a step over `timeoutMs` fails the test. */
export async function step(name, timeoutMs, body) {
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
export function check(ok, message) {
  if (!ok) throw new StepFailure(`expected ${message}`);
  say(`   ok  ${message}`);
}

/**
 * Runs a command to completion (no TTY, CI mode) and gives its stdout; all output goes to
 * `logFile`. With `anyExit` a failed command resolves too, with `{ code, output }` instead.
 */
export function run(
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
      if (anyExit) return resolve({ code: signal ?? code, stdout, output });
      if (code === 0) return resolve(stdout);
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
export function stop(child) {
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

export function freePort() {
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
export async function waitFor(predicate, what, timeoutMs = 15_000) {
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
