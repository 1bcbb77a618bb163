import type { LocalCallingPlatform } from '../local-calling-platform.js';
import type { PlacedCall } from '../placed-call.js';
import type { ScenarioRecorder } from './scenario-recorder.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Places a call (legacy body first) and checks the platform's protocol rules on the incoming
 * notification: the legacy body answered 204, redirects (when expected) with a `Location`, and the
 * Graph body accepted.
 */
export async function placeCheckedCall(
  platform: LocalCallingPlatform,
  recorder: ScenarioRecorder,
  options: {
    target: string;
    tenant?: string;
    answerTimeoutMs: number;
    expectRedirect?: boolean;
  },
): Promise<PlacedCall> {
  const call = recorder.track(
    await platform.placeCall({
      target: options.target,
      tenant: options.tenant,
      timeoutMs: options.answerTimeoutMs,
    }),
  );
  const { hops, status } = call.deliveries[0].result;
  const legacy = hops.filter((h) => h.format === 'legacy');
  recorder.check(
    'the legacy incoming-call body is answered 204 (then re-sent as Graph)',
    legacy.length > 0 && legacy[legacy.length - 1].status === 204,
    legacy.map((h) => h.error ?? String(h.status)).join(' → '),
  );
  if (options.expectRedirect) {
    const redirect = hops.find((h) => REDIRECTS.has(h.status));
    recorder.check(
      'the notification is redirected (302/307 with a Location)',
      redirect?.location !== undefined,
      redirect ? `${redirect.status} → ${redirect.location}` : 'no redirect',
    );
  }
  const graph = hops.filter((h) => h.format === 'graph');
  recorder.check(
    'the Graph incoming-call notification is accepted (2xx)',
    status >= 200 && status < 300,
    graph.map((h) => h.error ?? String(h.status)).join(' → '),
  );
  return call;
}

/** Ends a call that is still up (the caller hangs up) and checks the bot accepted `terminated`. */
export async function endCall(
  call: PlacedCall,
  recorder: ScenarioRecorder,
): Promise<void> {
  if (!call.hungUpBy) await call.hangUp();
  await recorder.expect(
    'the terminated notification is accepted',
    call.terminated(),
    () => `hung up by the ${call.hungUpBy}`,
  );
}
