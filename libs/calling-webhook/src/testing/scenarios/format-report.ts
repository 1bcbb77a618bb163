import type {
  ScenarioReport,
  ScenarioTranscriptEntry,
} from './call-scenario.interface.js';

/**
 * A scenario report as text for people: each notification to the bot (when, what, where,
 * status, duration) and each Graph request of the bot, then the checks and a summary line.
 */
export function formatScenarioReport(report: ScenarioReport): string {
  const lines = [`scenario ${report.scenario} → ${report.target}`];
  const origin = safeOrigin(report.target);
  const calls = new Map<string, number>();
  for (const entry of report.transcript) {
    if (!calls.has(entry.callId)) calls.set(entry.callId, calls.size + 1);
    lines.push(
      line(entry, report.startedAt, origin, calls.get(entry.callId) ?? 0),
    );
  }
  lines.push('', 'checks');
  for (const check of report.checks)
    lines.push(
      `  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}${check.detail ? ` (${check.detail})` : ''}`,
    );
  const passed = report.checks.filter((c) => c.ok).length;
  lines.push(
    '',
    `${report.ok ? 'PASSED' : 'FAILED'}: ${report.scenario}, ${passed}/${report.checks.length} checks passed in ${(report.durationMs / 1000).toFixed(2)} s`,
  );
  return lines.join('\n');
}

function line(
  entry: ScenarioTranscriptEntry,
  startedAt: number,
  origin: string | undefined,
  callNumber: number,
): string {
  const at = `+${String(entry.at - startedAt).padStart(5)} ms`;
  const call = `call ${callNumber}`;
  if (entry.kind === 'graph') {
    const path = entry.path.replace(
      /\/communications\/calls\/[^/]+/,
      '/communications/calls/{id}',
    );
    return `  ${at}  ${call}  bot → Graph     ${pad(`${entry.method} ${path}`, 52)} ${entry.status}`;
  }
  const url =
    origin && entry.url.startsWith(origin)
      ? entry.url.slice(origin.length)
      : entry.url;
  const answer = entry.error
    ? `no answer: ${entry.error}`
    : `${entry.status}${entry.location ? ` → ${entry.location}` : ''}`;
  return `  ${at}  ${call}  platform → bot  ${pad(`${entry.what} to ${url}`, 52)} ${answer} (${Math.round(entry.durationMs)} ms)`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
