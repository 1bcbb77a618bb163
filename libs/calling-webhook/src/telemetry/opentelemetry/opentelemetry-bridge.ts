import { loadOpenTelemetryApi } from './load-opentelemetry-api.js';
import { subscribeMetrics } from './metric-subscriber.js';
import { subscribeSpans } from './span-subscriber.js';

// One bridge per process, however many apps (tests start several): diagnostics channels are
// process-wide, so two bridges would make every span twice.
let users = 0;
let installing: Promise<(() => void) | undefined> | undefined;

/**
 * Turns this library's diagnostics channels into OpenTelemetry spans and metrics, if
 * `@opentelemetry/api` is installed; without an SDK registered, the API's no-op tracer and meter
 * make this cheap. Resolves to whether the bridge is on. Call `releaseOpenTelemetryBridge` once
 * for each call of this.
 */
export async function acquireOpenTelemetryBridge(): Promise<boolean> {
  users++;
  installing ??= loadOpenTelemetryApi().then((api) => {
    if (!api) return undefined;
    const unsubscribeSpans = subscribeSpans(api);
    const unsubscribeMetrics = subscribeMetrics(api);
    return () => {
      unsubscribeSpans();
      unsubscribeMetrics();
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
