// The sample bot's entry point. It imports nothing of Nest or of the app up front: the
// OpenTelemetry SDK, when used, must be started before `node:http` and the rest are loaded.
import { readLogSettings } from './logging/log-settings.js';
import { InvalidSettingError, MissingSettingError } from './setting-errors.js';

/** A setting error is one line on stderr and exit code 1: no stack, nothing started. */
function exitOnSettingError(error: unknown): never {
  if (
    error instanceof MissingSettingError ||
    error instanceof InvalidSettingError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

let logSettings;
try {
  logSettings = readLogSettings();
} catch (error) {
  exitOnSettingError(error);
}
const telemetry = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
  ? await (
      await import('./telemetry/start-opentelemetry.js')
    ).startOpenTelemetry()
  : undefined;
const { bootstrap } = await import('./bootstrap.js');
await bootstrap(logSettings, telemetry).catch(exitOnSettingError);
