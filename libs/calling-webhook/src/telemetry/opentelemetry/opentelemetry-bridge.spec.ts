import {
  notificationChannel,
  tokenCacheLookupChannel,
} from '../telemetry-channels.js';
import {
  acquireOpenTelemetryBridge,
  releaseOpenTelemetryBridge,
} from './opentelemetry-bridge.js';

describe('the OpenTelemetry bridge', () => {
  it('subscribes once however many apps acquire it, and unsubscribes with the last release', async () => {
    expect(notificationChannel.hasSubscribers).toBe(false);
    // @opentelemetry/api is installed in this workspace: the bridge goes on.
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
});
