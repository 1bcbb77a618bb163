import type { ConsoleLoggerOptions, LogLevel } from '@nestjs/common';
import { InvalidSettingError } from '../setting-errors.js';

// Most severe first: LOG_LEVEL=warn keeps `warn` and everything before it.
const THRESHOLDS = [
  'fatal',
  'error',
  'warn',
  'log',
  'debug',
  'verbose',
] as const;
const FORMATS = ['text', 'json'] as const;

/**
 * The sample's logger options from `LOG_LEVEL` (`error`, `warn`, `log` by default, `debug`,
 * `verbose`: that level and the more severe ones) and `LOG_FORMAT` (`text` by default, or
 * `json`: one JSON object per line, structured fields such as `callId` at its top level).
 */
export function readLogSettings(
  env: NodeJS.ProcessEnv = process.env,
  terminal = process.stdout.isTTY === true,
): ConsoleLoggerOptions {
  const level = (env.LOG_LEVEL?.trim() || 'log').toLowerCase();
  const threshold = THRESHOLDS.indexOf(level as (typeof THRESHOLDS)[number]);
  // `fatal` is always on, so it is not a level to choose.
  if (threshold < 1)
    throw new InvalidSettingError(
      `LOG_LEVEL must be one of error, warn, log, debug, verbose (got "${env.LOG_LEVEL}")`,
    );
  const format = (env.LOG_FORMAT?.trim() || 'text').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format))
    throw new InvalidSettingError(
      `LOG_FORMAT must be text or json (got "${env.LOG_FORMAT}")`,
    );
  const logLevels: LogLevel[] = THRESHOLDS.slice(0, threshold + 1);
  // Colours only for a terminal: in a pipe or a file they are escape codes, and costly ones.
  return format === 'json'
    ? { logLevels, json: true, flattenParams: true }
    : { logLevels, colors: terminal };
}
