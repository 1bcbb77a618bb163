import type { SimulatedCall } from 'nestjs-calling-webhook/testing';

/** One check of a demo call and whether the bot met it. */
export interface DemoCheck {
  readonly name: string;
  readonly ok: boolean;
}

/** What one demo call showed: its transcript and checks, as text, and whether all passed. */
export interface DemoCallReport {
  readonly name: string;
  readonly ok: boolean;
  readonly text: string;
}

/** Reports `call` in the `calling-sim` transcript style: notifications, Graph requests, checks. */
export function reportCall(
  name: string,
  call: SimulatedCall,
  checks: readonly DemoCheck[],
  startedAt: number,
): DemoCallReport {
  const lines = [`call ${name}`];
  for (const entry of call.transcript) {
    const at = `+${String(entry.at - startedAt).padStart(5)} ms`;
    lines.push(
      entry.kind === 'graph'
        ? `  ${at}  bot → Graph     ${entry.method} ${entry.path.replace(/\/communications\/calls\/[^/]+/, '/communications/calls/{id}')}  ${entry.status}`
        : `  ${at}  platform → bot  ${entry.what}  ${entry.status}`,
    );
  }
  lines.push('', 'checks');
  for (const check of checks)
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}`);
  const ok = checks.length > 0 && checks.every((c) => c.ok);
  lines.push(
    '',
    `${ok ? 'PASSED' : 'FAILED'}: ${name}, ${checks.filter((c) => c.ok).length}/${checks.length} checks passed`,
  );
  return { name, ok, text: lines.join('\n') };
}
