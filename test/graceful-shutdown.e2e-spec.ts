import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import request from 'supertest';
import { graphFixture } from './support/events-kit.js';
import { HTTP_PLATFORMS, type HttpPlatform } from './support/http-adapters.js';

// SIGTERM with notifications in flight, against a real process (test/support/shutdown-app.ts,
// built with tsc: Nest needs decorator metadata, which the test transform does not emit).
// Nest's shutdown closes the HTTP server (waiting for requests in flight), then calls
// onApplicationShutdown, where the module waits for handlers still running, up to the
// acknowledgement budget.

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'node_modules/.cache/calling-webhook-shutdown-app');
const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';

/** A running bot process and everything it printed. */
interface Bot {
  readonly child: ChildProcess;
  readonly port: number;
  output: string;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

let provider: LocalOpenIdProvider;

beforeAll(async () => {
  provider = await LocalOpenIdProvider.start();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');
  // The file list makes tsc ignore tsconfig.json; these are its settings that matter here.
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '--ignoreConfig',
      join(ROOT, 'test/support/shutdown-app.ts'),
      '--outDir',
      OUT,
      '--rootDir',
      ROOT,
      '--incremental',
      '--tsBuildInfoFile',
      join(OUT, '.tsbuildinfo'),
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'ES2023',
      '--types',
      'node',
      '--skipLibCheck',
      '--experimentalDecorators',
      '--emitDecoratorMetadata',
      '--strict',
      '--strictPropertyInitialization',
      'false',
      '--esModuleInterop',
    ],
    { cwd: ROOT },
  );
}, 120_000);
afterAll(async () => {
  await provider.close();
});

async function startBot(
  platform: HttpPlatform,
  acknowledge: 'afterHandlers' | 'immediately',
  handlerMs: number,
  budgetMs: number,
): Promise<Bot> {
  const child = spawn(
    process.execPath,
    [
      join(OUT, 'test/support/shutdown-app.js'),
      provider.openIdConfigurationUrl,
      provider.appId,
      acknowledge,
      String(handlerMs),
      String(budgetMs),
      platform,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  const exited = new Promise<{ code: number | null; signal: string | null }>(
    (resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const bot = { child, port: 0, output: '', exited };
  child.stdout?.on('data', (chunk: Buffer) => (bot.output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (bot.output += chunk.toString()));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`bot exited: ${bot.output}`);
      expect(bot.output).toMatch(/listening \d+/);
    },
    { timeout: 15_000, interval: 20 },
  );
  bot.port = Number(/listening (\d+)/.exec(bot.output)?.[1]);
  return bot;
}

function notify(bot: Bot) {
  return request(`http://127.0.0.1:${bot.port}`)
    .post('/api/calls')
    .set('Authorization', `Bearer ${provider.mint()}`)
    .set('X-Microsoft-Skype-Message-ID', randomUUID())
    .send(graphFixture(INCOMING));
}

async function untilPrinted(bot: Bot, text: string): Promise<void> {
  await vi.waitFor(() => expect(bot.output).toContain(text), {
    timeout: 10_000,
    interval: 10,
  });
}

describe.each(HTTP_PLATFORMS)('%s: SIGTERM', (platform) => {
  it('acknowledging after handlers: SIGTERM mid-handler still answers 202 and lets the handler finish', async () => {
    const bot = await startBot(platform, 'afterHandlers', 1_000, 4_000);
    const response = notify(bot).then((res) => res);
    await untilPrinted(bot, 'handler started');
    bot.child.kill('SIGTERM');

    expect((await response).status).toBe(202);
    const exit = await bot.exited;
    expect(bot.output).toContain('handler finished');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });

  it('acknowledging immediately: SIGTERM after the 202 waits for the handler before exiting', async () => {
    const bot = await startBot(platform, 'immediately', 1_000, 4_000);
    expect((await notify(bot)).status).toBe(202);
    await untilPrinted(bot, 'handler started');
    bot.child.kill('SIGTERM');

    await bot.exited;
    expect(bot.output).toContain('Shutting down: waiting up to 4000 ms');
    expect(bot.output).toContain('handler finished');
    expect(bot.output.indexOf('handler finished')).toBeGreaterThan(
      bot.output.indexOf('Shutting down'),
    );
  });

  it('waits no longer than the acknowledgement budget for a handler that outlives it', async () => {
    const bot = await startBot(platform, 'immediately', 60_000, 300);
    expect((await notify(bot)).status).toBe(202);
    await untilPrinted(bot, 'handler started');
    bot.child.kill('SIGTERM');

    await bot.exited;
    expect(bot.output).toContain('still being handled after 300 ms');
    expect(bot.output).not.toContain('handler finished');
  });
});
