import { register } from 'node:module';

/** The started OpenTelemetry SDK, as the bot needs it: exported data flushed at shutdown. */
export interface RunningTelemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK: traces and metrics over OTLP, configured by the standard
 * variables (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_PROTOCOL` such as `http/json`,
 * `OTEL_METRIC_EXPORT_INTERVAL`, `OTEL_SERVICE_NAME`, ...), and the HTTP instrumentation, whose
 * server spans the webhook's notification spans are children of. Call it before the app is
 * imported: instrumentation patches modules as they are loaded.
 */
export async function startOpenTelemetry(): Promise<RunningTelemetry> {
  // This app is ESM, and OpenTelemetry's instrumentations hook `require`, which an ESM
  // `import 'node:http'` never goes through: without a loader hook, `node:http` gets patched only
  // if some CommonJS dependency (Express, today) happens to require it after the SDK started,
  // which nothing promises. import-in-the-middle's loader hook sees ESM imports too; with its
  // message channel it wraps only the modules an instrumentation asks for, not every module.
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } =
    createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const [{ NodeSDK }, { HttpInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
  ]);
  // Logs go to stdout (LOG_FORMAT=json for a collector to read), not through OpenTelemetry.
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_SERVICE_NAME ??= 'calling-sample-bot';
  const sdk = new NodeSDK({ instrumentations: [new HttpInstrumentation()] });
  sdk.start();
  // The hook runs in a loader thread: wait until it knows the modules to wrap.
  await waitForAllMessagesAcknowledged();
  return { shutdown: () => sdk.shutdown() };
}
