import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import {
  notificationChannel,
  tokenCacheLookupChannel,
} from '../telemetry-channels.js';
import {
  acquireOpenTelemetryBridge,
  releaseOpenTelemetryBridge,
} from './opentelemetry-bridge.js';

describe('the OpenTelemetry bridge', () => {
  afterEach(() => {
    trace.disable();
    metrics.disable();
  });

  it('stays off without an SDK, though @opentelemetry/api is installed: no cost per notification', async () => {
    await expect(acquireOpenTelemetryBridge()).resolves.toBe(false);
    expect(notificationChannel.hasSubscribers).toBe(false);
    expect(tokenCacheLookupChannel.hasSubscribers).toBe(false);
    await releaseOpenTelemetryBridge();
  });

  it('subscribes once however many apps acquire it, and unsubscribes with the last release', async () => {
    trace.setGlobalTracerProvider(new TracerProvider());
    metrics.setGlobalMeterProvider(new MeterProvider());
    expect(notificationChannel.hasSubscribers).toBe(false);
    await expect(acquireOpenTelemetryBridge()).resolves.toBe(true);
    await acquireOpenTelemetryBridge();
    expect(notificationChannel.hasSubscribers).toBe(true);
    expect(tokenCacheLookupChannel.hasSubscribers).toBe(true);
    await releaseOpenTelemetryBridge();
    expect(notificationChannel.hasSubscribers).toBe(true);
    await releaseOpenTelemetryBridge();
    expect(notificationChannel.hasSubscribers).toBe(false);
    expect(tokenCacheLookupChannel.hasSubscribers).toBe(false);
  });

  it('subscribes the metrics alone when only a meter provider is registered', async () => {
    metrics.setGlobalMeterProvider(new MeterProvider());
    await expect(acquireOpenTelemetryBridge()).resolves.toBe(true);
    expect(tokenCacheLookupChannel.hasSubscribers).toBe(true);
    await releaseOpenTelemetryBridge();
  });
});
