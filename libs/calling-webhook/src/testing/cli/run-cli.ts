import { BotProcess } from '../bot-process.js';
import { LocalCallingPlatform } from '../local-calling-platform.js';
import type { ScenarioReport } from '../scenarios/call-scenario.interface.js';
import { formatScenarioReport } from '../scenarios/format-report.js';
import { runCallScenario } from '../scenarios/run-call-scenario.js';
import { readCliOptions, UsageError, type CliOptions } from './cli-options.js';
import { loadSimState } from './sim-state.js';
import { USAGE } from './usage.js';
import { answersPost } from '../answers-post.js';

/** Where the CLI writes. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Runs `calling-sim` with these arguments; resolves with the exit status. */
export async function runCli(
  args: readonly string[],
  output: CliOutput,
): Promise<number> {
  let options: CliOptions;
  try {
    options = readCliOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`calling-sim: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    output.out(`${USAGE}\n`);
    return 0;
  }
  const state =
    options.port === undefined
      ? undefined
      : await loadSimState(options.stateDir);
  let platform: LocalCallingPlatform;
  try {
    platform = await LocalCallingPlatform.start({
      appId: options.appId,
      ports:
        options.port === undefined
          ? undefined
          : {
              openId: options.port,
              graph: options.port + 1,
              authority: options.port + 2,
            },
      tls: state?.tls,
      signingKey: state?.signingKey,
      timeoutMs: options.answerTimeoutMs,
    });
  } catch (error) {
    output.err(
      `calling-sim: the platform could not start: ${message(error)}\n`,
    );
    return 3;
  }
  let bot: BotProcess | undefined;
  try {
    const environment = {
      ...(await platform.environment()),
      ...(state ? { NODE_EXTRA_CA_CERTS: state.caFile } : {}),
    };
    if (options.printEnv) {
      output.out(envLines(environment, '') + '\n');
      return 0;
    }
    const target = options.target as string;
    if (!options.json)
      output.out(
        `calling-sim: the platform runs on 127.0.0.1; the bot must be configured with:\n${envLines(environment, '  ')}\n\n`,
      );
    if (options.bot) {
      try {
        bot = await BotProcess.start({
          command: options.bot,
          env: { ...environment, ...portOf(target), ...options.botEnv },
          readyUrl: target,
          onLine: options.verbose
            ? (line) => output.err(`[bot] ${line}\n`)
            : undefined,
        });
      } catch (error) {
        output.err(`calling-sim: ${message(error)}\n`);
        return 3;
      }
    } else if (options.waitMs > 0) {
      await waitForTarget(target, options.waitMs);
    }
    const reports: ScenarioReport[] = [];
    for (const scenario of options.scenarios)
      reports.push(
        await runCallScenario(platform, scenario, {
          target,
          tenant: options.tenant,
          partition: options.partition,
          answerTimeoutMs: options.answerTimeoutMs,
          holdMs: options.holdMs,
        }),
      );
    const ok = reports.every((r) => r.ok);
    if (options.json)
      output.out(`${JSON.stringify({ ok, environment, reports }, null, 2)}\n`);
    else output.out(`${reports.map(formatScenarioReport).join('\n\n')}\n`);
    if (!ok && bot && !options.verbose && !options.json)
      output.err(
        `the bot's last output:\n${bot.output.slice(-30).join('\n')}\n`,
      );
    return ok ? 0 : 1;
  } finally {
    await bot?.stop();
    await platform.close();
  }
}

function envLines(env: Record<string, string>, indent: string): string {
  return Object.entries(env)
    .map(([name, value]) => `${indent}${name}=${value}`)
    .join('\n');
}

// The sample bot (and many others) read their port from PORT.
function portOf(target: string): Record<string, string> {
  const port = new URL(target).port;
  return port ? { PORT: port } : {};
}

async function waitForTarget(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPost(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
