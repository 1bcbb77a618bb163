import type { OpenTelemetryApi } from './load-opentelemetry-api.js';

/**
 * Whether the app registered a tracer provider (an SDK): the API's global provider is a proxy
 * whose delegate is the API's one no-op provider until then (compared by identity, through the
 * API's public `ProxyTracerProvider.getDelegate()`).
 */
export function hasTracerProvider(api: OpenTelemetryApi): boolean {
  const global = api.trace.getTracerProvider();
  const noop = new api.ProxyTracerProvider().getDelegate();
  return !(
    global instanceof api.ProxyTracerProvider && global.getDelegate() === noop
  );
}

/** Whether the app registered a meter provider: without one, meters are the API's no-op meter. */
export function hasMeterProvider(api: OpenTelemetryApi): boolean {
  return (
    api.metrics.getMeter('nestjs-calling-webhook').constructor !==
    api.createNoopMeter().constructor
  );
}
