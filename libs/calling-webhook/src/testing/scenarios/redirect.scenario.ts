import type { LocalCallingPlatform } from '../local-calling-platform.js';
import type { CallScenarioOptions } from './call-scenario.interface.js';
import { endCall, placeCheckedCall } from './incoming-steps.js';
import type { ScenarioRecorder } from './scenario-recorder.js';

/**
 * A call the target hands to another instance: redirected (302/307) to the deployment of the
 * caller's tenant (region) or to the owner of a partition path, accepted and answered there.
 */
export async function redirectScenario(
  platform: LocalCallingPlatform,
  recorder: ScenarioRecorder,
  options: CallScenarioOptions & { answerTimeoutMs: number },
): Promise<void> {
  const call = await placeCheckedCall(platform, recorder, {
    ...options,
    expectRedirect: true,
  });
  recorder.check(
    'the call is accepted by another instance than the target',
    call.notificationUrl !== options.target,
    call.deliveries[0].result.finalUrl,
  );
  const answer = await recorder.expect(
    `the call is answered within ${options.answerTimeoutMs / 1000} s`,
    call.answered(),
  );
  if (!answer) return;
  await recorder.expect(
    'the established notification is accepted',
    call.established(),
    () => `at ${call.notificationUrl}`,
  );
  await endCall(call, recorder);
}
