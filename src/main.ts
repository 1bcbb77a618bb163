// The sample bot's entry point. It imports nothing of Nest or of the app up front: the
// OpenTelemetry SDK, when used, must be started before `node:http` and the rest are loaded.
import { readHttpAdapter } from './http-adapter-setting.js';
import { readLogSettings } from './logging/log-settings.js';
import { InvalidSettingError, MissingSettingError } from './setting-errors.js';

/** A start-up failure is one line on stderr and exit code 1, never a stack trace. */
function exitOnStartupError(error: unknown): never {
  const setting =
    error instanceof MissingSettingError ||
    error instanceof InvalidSettingError;
  const reason =
    error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(
    `${setting ? (error as Error).message : `The bot could not start: ${reason}`}\n`,
  );
  process.exit(1);
}

try {
  const logSettings = readLogSettings();
  const httpAdapter = readHttpAdapter();
  const telemetry = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? await (
        await import('./telemetry/start-opentelemetry.js')
      ).startOpenTelemetry()
    : undefined;
  const { bootstrap } = await import('./bootstrap.js');
  await bootstrap(logSettings, httpAdapter, telemetry);
} catch (error) {
  exitOnStartupError(error);
}
