import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { OpenIdKeySource } from '../auth/openid-key-source.js';
import { AppTokenStatus } from '../control/app-token-status.js';
import { graphCredentialsProbe } from './graph-credentials.probe.js';
import type { HealthProbeResult } from './health-probe.interface.js';
import { signingKeysProbe } from './signing-keys.probe.js';

/**
 * The calling webhook's terminus health indicator: `down` when no signing key could be had (no
 * notification can be verified), `degraded` when the last Graph app-token acquisition failed,
 * `up` otherwise; the details name each part. It reads state the webhook keeps anyway, so a
 * probe costs no request to Microsoft. Provide it beside `TerminusModule`:
 * `health.check([() => calling.isHealthy()])`.
 */
@Injectable()
export class CallingWebhookHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly keys: OpenIdKeySource,
    private readonly appTokens: AppTokenStatus,
  ) {}

  /** The webhook's health under `key` (default `calling-webhook`). */
  isHealthy<const Key extends string = 'calling-webhook'>(
    key: Key = 'calling-webhook' as Key,
  ): HealthIndicatorResult<Key> {
    const probes = this.probes();
    const details = Object.fromEntries(
      probes.map((probe) => [
        probe.name,
        { status: probe.status, ...probe.details },
      ]),
    );
    const session = this.indicators.check(key);
    if (probes.some((probe) => probe.status === 'down'))
      return session.down(details);
    if (probes.some((probe) => probe.status === 'degraded'))
      return session.degraded(details);
    return session.up(details);
  }

  /**
   * The parts checked. The extension point: fleet mode adds its Redis probe (reachable, this
   * instance's lease renewed) here, and a subclass can add its own.
   */
  protected probes(): HealthProbeResult[] {
    return [
      signingKeysProbe(this.keys.status()),
      graphCredentialsProbe(
        this.appTokens.configured,
        this.appTokens.lastOutcome,
      ),
    ];
  }
}
