// The health entry point of nestjs-calling-webhook (`nestjs-calling-webhook/health`): a terminus
// health indicator. Its own entry point, so that `@nestjs/terminus` stays an optional peer.

/** The webhook's terminus health indicator: signing keys, Graph credentials, and in a fleet Redis and the lease. */
export { CallingWebhookHealthIndicator } from './calling-webhook.health.js';
/** One part of the webhook's health, as `CallingWebhookHealthIndicator.probes()` gives it. */
export type { HealthProbeResult } from './health-probe.interface.js';
