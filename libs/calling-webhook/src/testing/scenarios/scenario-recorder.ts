import type { PlacedCall } from '../placed-call.js';
import type {
  CallScenarioName,
  ScenarioCheck,
  ScenarioReport,
  ScenarioTranscriptEntry,
} from './call-scenario.interface.js';

/** Collects a scenario's checks and the transcripts of its calls, then makes its report. */
export class ScenarioRecorder {
  private readonly checks: ScenarioCheck[] = [];
  private readonly calls: PlacedCall[] = [];
  private readonly probes: ScenarioTranscriptEntry[] = [];
  private readonly startedAt = Date.now();

  /** Records a check; returns whether it passed. */
  check(name: string, ok: boolean, detail?: string): boolean {
    this.checks.push({ name, ok, detail });
    return ok;
  }

  /** Records a check that passes when `wait` resolves; its error message is the detail otherwise. */
  async expect<T>(
    name: string,
    wait: Promise<T>,
    detail?: (value: T) => string | undefined,
  ): Promise<T | undefined> {
    try {
      const value = await wait;
      this.check(name, true, detail?.(value));
      return value;
    } catch (error) {
      this.check(
        name,
        false,
        error instanceof Error ? error.message : String(error),
      );
      return undefined;
    }
  }

  /** Includes a call's transcript in the report. */
  track(call: PlacedCall): PlacedCall {
    this.calls.push(call);
    return call;
  }

  /** Includes transcript lines that belong to no placed call (e.g. refused probes). */
  add(entries: readonly ScenarioTranscriptEntry[]): void {
    this.probes.push(...entries);
  }

  report(scenario: CallScenarioName, target: string): ScenarioReport {
    const transcript = [
      ...this.probes,
      ...this.calls.flatMap((call) =>
        call.transcript.map((entry) => ({ ...entry, callId: call.id })),
      ),
    ].sort((a, b) => a.at - b.at);
    return {
      scenario,
      target,
      ok: this.checks.length > 0 && this.checks.every((c) => c.ok),
      checks: [...this.checks],
      transcript,
      startedAt: this.startedAt,
      durationMs: Date.now() - this.startedAt,
    };
  }
}
