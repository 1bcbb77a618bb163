import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotProcess } from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';

// The built CLI against the built sample bot, as a user runs them (`npm run build` first; CI does).
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'libs/calling-webhook/dist/testing/cli/calling-sim.js');
const SAMPLE = join(ROOT, 'dist/main.js');
const SAMPLE_BOT = `"${process.execPath}" "${SAMPLE}"`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sim(args: string[]): Promise<Run> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, CI: 'true' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error.code as number | undefined) ?? null) : 0,
          stdout,
          stderr,
        }),
    ),
  );
}

async function tryPort(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  const address = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await tryPort(0);
    if (port !== undefined) return port;
  }
}

/** A port n with n, n+1, n+2 free (the CLI's fixed ports). */
async function freePortTriple(): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base > 65_000) continue;
    if ((await tryPort(base + 1)) && (await tryPort(base + 2))) return base;
  }
}

// A "bot" in one line of Node: answers every POST with `status`, never calls Graph.
const fakeBot = (status: number) =>
  `"${process.execPath}" -e "require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => { r.statusCode = ${status}; r.end(); }); }).listen(process.env.PORT, '127.0.0.1')"`;

describe('calling-sim, the built CLI', () => {
  beforeAll(async () => {
    if (existsSync(CLI) && existsSync(SAMPLE)) return;
    await new Promise<void>((resolve, reject) =>
      execFile('npm', ['run', 'build'], { cwd: ROOT }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }, 120_000);

  it.each(HTTP_PLATFORMS)(
    'plays incoming-call, full-call and bad-tokens against the sample bot it starts on %s, and exits 0',
    async (platform) => {
      const target = `http://127.0.0.1:${await freePort()}/api/calls`;
      const run = await sim([
        '--target',
        target,
        '--scenario',
        'incoming-call,full-call,bad-tokens',
        '--bot',
        SAMPLE_BOT,
        '--bot-env',
        'CALLING_PROMPT_URL=https://cdn.contoso.com/hello.wav',
        '--bot-env',
        `CALLING_HTTP_ADAPTER=${platform}`,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        'CALLING_OPENID_CONFIGURATION_URL=http://127.0.0.1:',
      );
      expect(run.stdout).toContain('NODE_EXTRA_CA_CERTS=');
      expect(run.stdout).toMatch(
        /incoming call \(legacy\) to \/api\/calls +204/,
      );
      expect(run.stdout).toMatch(
        /POST \/communications\/calls\/\{id\}\/playPrompt +200/,
      );
      expect(run.stdout).toMatch(/DELETE \/communications\/calls\/\{id\} +204/);
      expect(run.stdout).toContain('PASSED: incoming-call, 5/5 checks');
      expect(run.stdout).toContain('PASSED: full-call, 8/8 checks');
      expect(run.stdout).toContain('PASSED: bad-tokens, 14/14 checks');
    },
  );

  it('--json reports the checks and the transcript for machines', async () => {
    const target = `http://127.0.0.1:${await freePort()}/api/calls`;
    const run = await sim([
      '--target',
      target,
      '--bot',
      fakeBot(500),
      '--json',
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      environment: Record<string, string>;
      reports: {
        ok: boolean;
        checks: { name: string; ok: boolean }[];
        transcript: { status: number }[];
      }[];
    };
    expect(report.ok).toBe(false);
    expect(report.environment.CALLING_APP_SECRET).toBe('local-client-secret');
    expect(
      report.reports[0].checks.filter((c) => !c.ok).length,
    ).toBeGreaterThan(0);
    expect(report.reports[0].transcript.map((e) => e.status)).toEqual([500]);
  });

  it('exits 1 when the bot answers 500', async () => {
    const target = `http://127.0.0.1:${await freePort()}/api/calls`;
    const run = await sim(['--target', target, '--bot', fakeBot(500)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /FAIL +the legacy incoming-call body is answered 204 .*\(500\)/,
    );
    expect(run.stdout).toContain('FAILED: incoming-call');
  });

  it('exits 1 when the bot accepts the call but never answers it', async () => {
    const target = `http://127.0.0.1:${await freePort()}/api/calls`;
    const run = await sim([
      '--target',
      target,
      '--bot',
      fakeBot(204),
      '--timeout',
      '500',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /FAIL +the bot answers, rejects or redirects the call within 0.5 s .*no answer, reject or redirect within 500 ms/,
    );
  });

  it('exits 2 on bad usage, naming the problem', async () => {
    const run = await sim([
      '--scenario',
      'nope',
      '--target',
      'http://127.0.0.1:1/api/calls',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown scenario "nope"');
  });

  it('with --port, a bot configured once from --print-env passes later runs', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'calling-sim-state-'));
    const port = await freePortTriple();
    const common = ['--port', String(port), '--state-dir', stateDir];
    const printed = await sim([...common, '--print-env']);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const env = Object.fromEntries(
      printed.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    expect(env.CALLING_GRAPH_BASE_URL).toBe(
      `http://127.0.0.1:${port + 1}/v1.0`,
    );
    expect(env.NODE_EXTRA_CA_CERTS).toBe(join(stateDir, 'ca.pem'));
    const botPort = await freePort();
    const target = `http://127.0.0.1:${botPort}/api/calls`;
    // The CLI first (waiting for the bot), then the bot: it fetches the platform's keys at start.
    const first = sim([...common, '--target', target, '--wait', '30000']);
    const bot = await BotProcess.start({
      command: SAMPLE_BOT,
      env: { ...env, PORT: String(botPort) },
      readyUrl: target,
      cwd: ROOT,
    });
    try {
      // A later run (a new process) signs with the kept key and is trusted by the same bot.
      for (const run of [
        await first,
        await sim([...common, '--target', target, '--scenario', 'full-call']),
      ]) {
        expect(run.stdout).toContain('PASSED');
        expect(run.code).toBe(0);
      }
    } finally {
      await bot.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
