import type { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import { reportCall, type DemoCallReport } from './call-report.js';

/**
 * A long call kept alive: the platform ends a call `windowMs` after its last keepAlive (Graph:
 * 45 minutes); the bot (keepAlive every second here) keeps it alive through a prompt several
 * windows long, then hangs up once the prompt played.
 */
export async function keptAliveCall(
  platform: LocalCallingPlatform,
  target: string,
  windowMs: number,
  promptMs: number,
): Promise<DemoCallReport> {
  const startedAt = Date.now();
  const call = await platform.placeCall({
    target,
    keepAliveTimeoutMs: windowMs,
    operationDurationMs: promptMs,
    timeoutMs: promptMs + 10_000,
  });
  await call.terminated();
  const gaps = call.keepAlives.slice(1).map((t, i) => t - call.keepAlives[i]);
  return reportCall(
    `long call kept alive (keepAlive window ${windowMs} ms, a ${promptMs} ms prompt)`,
    call,
    [
      {
        name: `the bot sent a keepAlive every period (${call.keepAlives.length}, gaps ${gaps.join(', ')} ms)`,
        ok:
          call.keepAlives.length >= Math.floor(promptMs / windowMs) + 1 &&
          gaps.every((gap) => gap < windowMs),
      },
      {
        name: 'the platform never ended the call for a missed keepAlive; the bot hung up after the prompt',
        ok: call.hungUpBy === 'bot',
      },
    ],
    startedAt,
  );
}
