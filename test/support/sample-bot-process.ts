import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  BotProcess,
  LocalCallingPlatform,
} from 'nestjs-calling-webhook/testing';

// The built sample bot (`npm run build` first; CI does), run as a user runs it.
const ROOT = join(import.meta.dirname, '../..');
const SAMPLE_BOT = `"${process.execPath}" "${join(ROOT, 'dist/main.js')}"`;

/** A port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The sample bot, started as a process against `platform`, and where it listens. */
export interface RunningSampleBot {
  readonly bot: BotProcess;
  /** `http://127.0.0.1:{port}`. */
  readonly baseUrl: string;
  /** The webhook URL. */
  readonly target: string;
}

/** Starts the built sample bot against `platform`, with `env` added to the platform's variables. */
export async function startSampleBot(
  platform: LocalCallingPlatform,
  env: Record<string, string> = {},
): Promise<RunningSampleBot> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const target = `${baseUrl}/api/calls`;
  const bot = await BotProcess.start({
    command: SAMPLE_BOT,
    cwd: ROOT,
    env: {
      ...(await platform.environment()),
      PORT: String(port),
      // The output is read by tests: no colour codes.
      NO_COLOR: '1',
      ...env,
    },
    readyUrl: target,
  });
  return { bot, baseUrl, target };
}
