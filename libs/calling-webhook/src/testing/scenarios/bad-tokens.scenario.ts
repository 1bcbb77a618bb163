import { randomUUID } from 'node:crypto';
import { BAD_TOKEN_KINDS, type BadTokenKind } from '../bad-tokens.js';
import { hopEntries } from '../call-transcript.js';
import { incomingCallNotification } from '../graph-notifications.js';
import type { LocalCallingPlatform } from '../local-calling-platform.js';
import type { CallScenarioOptions } from './call-scenario.interface.js';
import type { ScenarioRecorder } from './scenario-recorder.js';

/**
 * Incoming calls signed wrongly (expired, wrong audience or issuer, unknown key, `none`, HS256
 * with the public key, ...) or not at all: each must be refused with 401 and acted upon by
 * nothing; then a well-signed one must be accepted (a bot refusing everything fails too).
 */
export async function badTokensScenario(
  platform: LocalCallingPlatform,
  recorder: ScenarioRecorder,
  options: CallScenarioOptions,
): Promise<void> {
  const tenant = options.tenant ?? platform.tenantId;
  const sender = platform.sender(tenant);
  const probes: { kind: string; callId: string }[] = [];
  for (const kind of ['missing', ...BAD_TOKEN_KINDS]) {
    const callId = randomUUID();
    probes.push({ kind, callId });
    const body = incomingCallNotification({
      callId,
      tenantId: tenant,
      from: { id: randomUUID(), displayName: 'Mallory' },
      to: { id: platform.appId },
    });
    const result = await sender.deliver(
      options.target,
      body,
      kind === 'missing'
        ? { headers: { authorization: '' } }
        : { token: platform.badToken(kind as BadTokenKind, tenant) },
    );
    recorder.add(
      hopEntries(`incoming call, ${kind} token`, result.hops).map((e) => ({
        ...e,
        callId,
      })),
    );
    recorder.check(
      `refused with 401: ${kind} token`,
      result.status === 401,
      result.hops[result.hops.length - 1].error ?? String(result.status),
    );
  }
  const call = recorder.track(
    await platform.placeCall({
      target: options.target,
      tenant,
      legacy: false,
      autoEstablish: false,
    }),
  );
  const accepted = call.deliveries[0];
  recorder.check(
    'a well-signed incoming call is accepted (2xx)',
    accepted.accepted,
    String(accepted.result.status),
  );
  await call.hangUp();
  const acted = platform.graph.requests.filter((r) =>
    probes.some((p) => p.callId === r.callId),
  );
  recorder.check(
    'the bot made no Graph request about a refused call',
    acted.length === 0,
    acted.map((r) => `${r.action} ${r.callId}`).join(', ') || undefined,
  );
}
