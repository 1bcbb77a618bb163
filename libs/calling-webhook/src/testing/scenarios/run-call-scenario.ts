import type { LocalCallingPlatform } from '../local-calling-platform.js';
import { badTokensScenario } from './bad-tokens.scenario.js';
import type {
  CallScenarioName,
  CallScenarioOptions,
  ScenarioReport,
} from './call-scenario.interface.js';
import { fullCallScenario } from './full-call.scenario.js';
import { incomingCallScenario } from './incoming-call.scenario.js';
import { redirectScenario } from './redirect.scenario.js';
import { ScenarioRecorder } from './scenario-recorder.js';

/**
 * Plays one scenario of the `calling-sim` CLI against the bot at `options.target`, through
 * `platform` (which the bot must be configured against), and reports every check and the
 * transcript. Never throws for a misbehaving bot: `report.ok` says whether it behaved.
 */
export async function runCallScenario(
  platform: LocalCallingPlatform,
  scenario: CallScenarioName,
  options: CallScenarioOptions,
): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder();
  const resolved = {
    ...options,
    answerTimeoutMs: options.answerTimeoutMs ?? 15_000,
    holdMs: options.holdMs ?? 3_000,
  };
  switch (scenario) {
    case 'incoming-call':
      await incomingCallScenario(platform, recorder, resolved);
      break;
    case 'full-call':
      await fullCallScenario(platform, recorder, resolved);
      break;
    case 'region-redirect':
      await redirectScenario(platform, recorder, resolved);
      break;
    case 'partition-redirect':
      if (!options.partition)
        throw new TypeError(
          'the partition-redirect scenario needs the partition of another instance (--partition)',
        );
      await redirectScenario(platform, recorder, {
        ...resolved,
        target: `${options.target.replace(/\/+$/, '')}/${encodeURIComponent(options.partition)}`,
      });
      break;
    case 'bad-tokens':
      await badTokensScenario(platform, recorder, resolved);
      break;
  }
  return recorder.report(scenario, options.target);
}
