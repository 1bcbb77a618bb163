import { Inject, Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { OpenIdKeySource } from '../auth/openid-key-source.js';
import { AppTokenStatus } from '../control/app-token-status.js';
import { FleetHealth } from '../fleet/fleet-health.js';
import { fleetProbe } from './fleet.probe.js';
import { graphCredentialsProbe } from './graph-credentials.probe.js';
import type { HealthProbeResult } from './health-probe.interface.js';
import { signingKeysProbe } from './signing-keys.probe.js';

/**
 * The calling webhook's terminus health indicator: `down` when no signing key could be had (no
 * notification can be verified), `degraded` when the last Graph app-token acquisition failed or
 * (in a fleet) Redis is unreachable, `up` otherwise; the details name each part. It reads state the webhook keeps anyway, so a
 * probe costs no request to Microsoft. Provide it beside `TerminusModule`:
 * `health.check([() => calling.isHealthy()])`.
 */
@Injectable()
export class CallingWebhookHealthIndicator {
  // A property, not a constructor parameter: subclasses written before the fleet keep their constructors.
  @Inject(FleetHealth) private readonly fleet!: FleetHealth;

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
   * The parts checked: signing keys, Graph credentials, and in a fleet Redis and this
   * instance's lease. The extension point: a subclass can add its own.
   */
  protected probes(): HealthProbeResult[] {
    const fleet = this.fleet.snapshot();
    return [
      signingKeysProbe(this.keys.status()),
      graphCredentialsProbe(
        this.appTokens.configured,
        this.appTokens.lastOutcome,
      ),
      ...(fleet ? [fleetProbe(fleet)] : []),
    ];
  }
}
