import type { LocalCallingPlatform } from '../local-calling-platform.js';
import type { CallScenarioOptions } from './call-scenario.interface.js';
import { endCall, placeCheckedCall } from './incoming-steps.js';
import type { ScenarioRecorder } from './scenario-recorder.js';

/**
 * A whole call: incoming (legacy, Graph), answer, establishing/established, roster, the bot's
 * prompt (completed), a tone when the bot listens for tones, hang-up (the bot's, else the
 * caller's after `holdMs`), terminated.
 */
export async function fullCallScenario(
  platform: LocalCallingPlatform,
  recorder: ScenarioRecorder,
  options: CallScenarioOptions & { answerTimeoutMs: number; holdMs: number },
): Promise<void> {
  const call = await placeCheckedCall(platform, recorder, options);
  const answer = await recorder.expect(
    `the bot answers within ${options.answerTimeoutMs / 1000} s`,
    call.answered(),
    (request) => {
      const uri = (request.body as { callbackUri?: unknown }).callbackUri;
      return typeof uri === 'string' ? `callbackUri ${uri}` : 'no callbackUri';
    },
  );
  if (!answer) return;
  await recorder.expect(
    'the established notification is accepted',
    call.established(),
  );
  await recorder.expect(
    'the participants notification is accepted',
    call.delivery('participants'),
  );
  const prompt = await call
    .graphRequest('playPrompt', options.holdMs)
    .catch(() => undefined);
  if (prompt)
    await recorder.expect(
      'the playPrompt completed notification is accepted',
      call.delivery('playPrompt completed'),
    );
  else recorder.check('the bot played no prompt (none expected)', true);
  if (call.toneSubscribed && !call.hungUpBy)
    await recorder.expect(
      'the tone notification (the caller pressed 1) is accepted',
      call.sendTone('tone1').then((d) => {
        if (!d.accepted) throw new Error(`the bot answered ${d.result.status}`);
        return d;
      }),
    );
  await call.graphRequest('delete', options.holdMs).catch(() => undefined);
  await endCall(call, recorder);
}
