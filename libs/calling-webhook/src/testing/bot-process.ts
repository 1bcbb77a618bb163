import { spawn, type ChildProcess } from 'node:child_process';
import { answersPost } from './answers-post.js';

/** What `BotProcess.start()` takes. */
export interface BotProcessOptions {
  /** A shell command starting the bot, e.g. `node dist/main.js`. */
  readonly command: string;
  /** Added to this process's environment (e.g. `await platform.environment()` and `PORT`). */
  readonly env?: Readonly<Record<string, string>>;
  /** A URL of the bot; it is up once this answers any HTTP status (e.g. its webhook: 401). */
  readonly readyUrl: string;
  /** How long the bot may take to come up. @default 20_000 */
  readonly readyTimeoutMs?: number;
  readonly cwd?: string;
  /** Called with each line the bot writes (stdout and stderr). */
  readonly onLine?: (line: string) => void;
}

const KEPT_LINES = 200;

/**
 * A bot run as a child process for the time of a test or a scenario: started with the
 * platform's environment, awaited until its webhook answers, and stopped (its whole process
 * group: `npm start` or a shell spawns grandchildren) with SIGTERM, then SIGKILL.
 */
export class BotProcess {
  /** The bot's last output lines (stdout and stderr). */
  readonly output: string[] = [];
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      }),
    );
  }

  /** Starts the bot and resolves once `readyUrl` answers; rejects (with its output) if it exits first. */
  static async start(options: BotProcessOptions): Promise<BotProcess> {
    const child = spawn(options.command, {
      shell: true,
      detached: process.platform !== 'win32',
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child);
    for (const stream of [child.stdout, child.stderr])
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split(/\r?\n/)) {
          if (!line) continue;
          bot.output.push(line);
          if (bot.output.length > KEPT_LINES) bot.output.shift();
          options.onLine?.(line);
        }
      });
    try {
      await bot.waitUntilReady(
        options.readyUrl,
        options.readyTimeoutMs ?? 20_000,
      );
    } catch (error) {
      await bot.stop();
      throw error;
    }
    return bot;
  }

  /** The process id (of the shell running the command). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the bot (SIGTERM to its process group, SIGKILL after `graceMs`); resolves with its exit code. */
  async stop(graceMs = 5_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** Kills the bot at once (SIGKILL to its process group), as a crash does; resolves once it is gone. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** Resolves with the exit code once the bot exited (on its own, or stopped). */
  exit(): Promise<number | null> {
    return this.exited;
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exitCode !== undefined) return;
    try {
      // The negative pid names the group the detached child leads: the bot and what it spawned.
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }

  private async waitUntilReady(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined)
        throw new Error(
          `the bot exited with code ${this.exitCode} before ${url} answered:\n${this.output.slice(-20).join('\n')}`,
        );
      if (await answersPost(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `the bot did not answer at ${url} within ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`,
    );
  }
}
