import { loadOpenTelemetryApi } from './load-opentelemetry-api.js';
import { subscribeMetrics } from './metric-subscriber.js';
import { hasMeterProvider, hasTracerProvider } from './registered-providers.js';
import { subscribeSpans } from './span-subscriber.js';

// One bridge per process, however many apps (tests start several): diagnostics channels are
// process-wide, so two bridges would make every span twice.
let users = 0;
let installing: Promise<(() => void) | undefined> | undefined;

/**
 * Turns this library's diagnostics channels into OpenTelemetry spans and metrics, if
 * `@opentelemetry/api` is installed and the app registered an SDK's tracer or meter provider
 * before the module started (as OpenTelemetry asks). Without one nothing subscribes: every
 * notification would otherwise pay a message, a no-op span and its attributes for nothing.
 * Resolves to whether the bridge is on. Call `releaseOpenTelemetryBridge` once for each call.
 */
export async function acquireOpenTelemetryBridge(): Promise<boolean> {
  users++;
  installing ??= loadOpenTelemetryApi().then((api) => {
    if (!api) return undefined;
    const unsubscribers = [
      ...(hasTracerProvider(api) ? [subscribeSpans(api)] : []),
      ...(hasMeterProvider(api) ? [subscribeMetrics(api)] : []),
    ];
    if (unsubscribers.length === 0) return undefined;
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  });
  return (await installing) !== undefined;
}

/** Gives back one `acquireOpenTelemetryBridge`; the last one unsubscribes the bridge. */
export async function releaseOpenTelemetryBridge(): Promise<void> {
  if (users === 0) return;
  users--;
  if (users > 0 || !installing) return;
  const uninstall = await installing;
  // Acquired again while the install settled: keep it.
  if (users > 0) return;
  installing = undefined;
  uninstall?.();
}
