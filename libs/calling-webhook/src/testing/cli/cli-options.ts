import { parseArgs } from 'node:util';
import {
  CALL_SCENARIOS,
  type CallScenarioName,
} from '../scenarios/call-scenario.interface.js';

/** The `calling-sim` command line, read. */
export interface CliOptions {
  readonly target: string | undefined;
  readonly scenarios: readonly CallScenarioName[];
  readonly json: boolean;
  readonly bot: string | undefined;
  readonly botEnv: Readonly<Record<string, string>>;
  readonly port: number | undefined;
  readonly stateDir: string;
  readonly printEnv: boolean;
  readonly tenant: string | undefined;
  readonly partition: string | undefined;
  readonly appId: string | undefined;
  readonly answerTimeoutMs: number;
  readonly holdMs: number;
  readonly waitMs: number;
  readonly verbose: boolean;
  readonly help: boolean;
}

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {}

/** Reads the command line (`process.argv.slice(2)`). */
export function readCliOptions(args: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        target: { type: 'string', short: 't' },
        scenario: { type: 'string', short: 's', default: 'incoming-call' },
        json: { type: 'boolean', default: false },
        bot: { type: 'string' },
        'bot-env': { type: 'string', multiple: true, default: [] },
        port: { type: 'string', short: 'p' },
        'state-dir': { type: 'string', default: '.calling-sim' },
        'print-env': { type: 'boolean', default: false },
        tenant: { type: 'string' },
        partition: { type: 'string' },
        'app-id': { type: 'string' },
        timeout: { type: 'string', default: '15000' },
        hold: { type: 'string', default: '3000' },
        wait: { type: 'string', default: '0' },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message : String(error),
    );
  }
  const scenarios = values.scenario.split(',').map((s) => s.trim());
  for (const scenario of scenarios)
    if (!(CALL_SCENARIOS as readonly string[]).includes(scenario))
      throw new UsageError(
        `unknown scenario "${scenario}"; one of: ${CALL_SCENARIOS.join(', ')}`,
      );
  const options: CliOptions = {
    target: values.target,
    scenarios: scenarios as CallScenarioName[],
    json: values.json,
    bot: values.bot,
    botEnv: pairs(values['bot-env']),
    port:
      values.port === undefined
        ? undefined
        : int('--port', values.port, 1, 65_533),
    stateDir: values['state-dir'],
    printEnv: values['print-env'],
    tenant: values.tenant,
    partition: values.partition,
    appId: values['app-id'],
    answerTimeoutMs: int('--timeout', values.timeout, 1, 600_000),
    holdMs: int('--hold', values.hold, 0, 600_000),
    waitMs: int('--wait', values.wait, 0, 600_000),
    verbose: values.verbose,
    help: values.help,
  };
  if (options.help) return options;
  if (options.printEnv) {
    if (options.port === undefined)
      throw new UsageError(
        '--print-env needs --port: a bot configured once must find the platform on the same ports',
      );
    return options;
  }
  if (!options.target)
    throw new UsageError("--target is required (the bot's webhook URL)");
  try {
    new URL(options.target);
  } catch {
    throw new UsageError(`--target is not a URL: ${options.target}`);
  }
  if (scenarios.includes('partition-redirect') && !options.partition)
    throw new UsageError(
      'the partition-redirect scenario needs --partition <id of another instance>',
    );
  return options;
}

function int(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function pairs(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0)
      throw new UsageError(`--bot-env takes KEY=VALUE, not "${item}"`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}
