import type { LocalCallingPlatform } from '../local-calling-platform.js';
import type { CallScenarioOptions } from './call-scenario.interface.js';
import { endCall, placeCheckedCall } from './incoming-steps.js';
import type { ScenarioRecorder } from './scenario-recorder.js';

/** An incoming call: legacy body then Graph; the bot answers, rejects or redirects it in time. */
export async function incomingCallScenario(
  platform: LocalCallingPlatform,
  recorder: ScenarioRecorder,
  options: CallScenarioOptions & { answerTimeoutMs: number },
): Promise<void> {
  const call = await placeCheckedCall(platform, recorder, options);
  const decision = await recorder.expect(
    `the bot answers, rejects or redirects the call within ${options.answerTimeoutMs / 1000} s`,
    call.decided(),
    (action) => `${action}`,
  );
  if (decision !== 'answer') return;
  await recorder.expect(
    'the established notification is accepted',
    call.established(),
  );
  await endCall(call, recorder);
}
