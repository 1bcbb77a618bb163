import type { TranscriptEntry } from '../call-transcript.js';

/** The scenarios `runCallScenario()` and the `calling-sim` CLI play. */
export const CALL_SCENARIOS = [
  'incoming-call',
  'full-call',
  'region-redirect',
  'partition-redirect',
  'bad-tokens',
] as const;

/** One scenario's name. */
export type CallScenarioName = (typeof CALL_SCENARIOS)[number];

/** What a scenario takes. */
export interface CallScenarioOptions {
  /** The bot's webhook URL. */
  readonly target: string;
  /** The caller's tenant (region-redirect: a tenant the target routes to another deployment). */
  readonly tenant?: string;
  /** partition-redirect: a peer partition of the target; the call is posted to `{target}/{partition}`. */
  readonly partition?: string;
  /** How long the bot has to answer. @default 15_000 (the platform's window) */
  readonly answerTimeoutMs?: number;
  /** full-call: how long the call waits for the bot's prompt, then for its hang-up. @default 3_000 */
  readonly holdMs?: number;
}

/** One expectation of a scenario and whether the bot met it. */
export interface ScenarioCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What was seen, when it says more than the name. */
  readonly detail?: string;
}

/** A transcript line, naming the call it belongs to. */
export type ScenarioTranscriptEntry = TranscriptEntry & {
  readonly callId: string;
};

/** What a scenario did and found. */
export interface ScenarioReport {
  readonly scenario: CallScenarioName;
  readonly target: string;
  /** Every check passed. */
  readonly ok: boolean;
  readonly checks: readonly ScenarioCheck[];
  /** Notifications to the bot and its Graph requests, in time order. */
  readonly transcript: readonly ScenarioTranscriptEntry[];
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
}
