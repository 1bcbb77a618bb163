/** One part of the webhook's health: `down` fails the check, `degraded` keeps it at 200. */
export interface HealthProbeResult {
  /** The key of this part in the indicator's details (`signingKeys`, `graphCredentials`, ...). */
  readonly name: string;
  readonly status: 'up' | 'degraded' | 'down';
  /** What a person reading the health answer needs: counts, ages, reasons; never a secret. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}
