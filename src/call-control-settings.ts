import type { CallingWebhookOptions } from 'nestjs-calling-webhook';
import { InvalidSettingError } from './routing-settings.js';

/** What the sample bot does with a call once it can answer it. */
export interface AnsweringSettings {
  /** False without `CALLING_APP_SECRET`: calls are logged, not answered. */
  readonly answer: boolean;
  /** The prompt played once the call is established (`CALLING_PROMPT_URL`, a 16 kHz mono wav). */
  readonly promptUri: string | undefined;
  /** Hang up this long after the call is established, unless it ended before. */
  readonly hangUpAfterMs: number;
}

/** The outbound-calls route: it exists only when `CALLING_SAMPLE_API_KEY` is set. */
export interface OutboundSettings {
  /** The bearer key callers of `POST /api/outbound-calls` must present. */
  readonly apiKey: string;
}

/** The injection token of the sample bot's `AnsweringSettings`. */
export const ANSWERING_SETTINGS = Symbol('AnsweringSettings');
/** The injection token of the sample bot's `OutboundSettings`. */
export const OUTBOUND_SETTINGS = Symbol('OutboundSettings');

function keepAliveOf(
  value: string | undefined,
): CallingWebhookOptions['keepAlive'] {
  const text = value?.trim();
  if (!text) return undefined;
  const intervalMs = Number(text);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 1_000)
    throw new InvalidSettingError(
      'CALLING_KEEP_ALIVE_INTERVAL_MS must be a whole number of milliseconds, at least 1000 (Graph asks for one keepAlive every 15 to 45 minutes)',
    );
  return { intervalMs };
}

/**
 * Call-control settings: `CALLING_APP_SECRET` (the app registration's client secret; without it
 * the bot only logs calls), `CALLING_CLIENT_ID` (defaults to the App ID),
 * `CALLING_GRAPH_BASE_URL`, `CALLING_AUTHORITY_HOST`, `CALLING_PROMPT_URL`,
 * `CALLING_HANG_UP_AFTER_MS`, `CALLING_KEEP_ALIVE_INTERVAL_MS`, `CALLING_SAMPLE_API_KEY`.
 */
export function readCallControlSettings(env: NodeJS.ProcessEnv): {
  webhook: Partial<CallingWebhookOptions>;
  answering: AnsweringSettings;
  outbound: OutboundSettings | undefined;
} {
  const secret = env.CALLING_APP_SECRET?.trim() || undefined;
  const hangUpAfterMs = Number(env.CALLING_HANG_UP_AFTER_MS ?? 30_000);
  const apiKey = env.CALLING_SAMPLE_API_KEY?.trim() || undefined;
  return {
    webhook: {
      credentials: secret
        ? {
            clientSecret: secret,
            clientId: env.CALLING_CLIENT_ID?.trim() || undefined,
          }
        : undefined,
      graphBaseUrl: env.CALLING_GRAPH_BASE_URL?.trim() || undefined,
      authorityHost: env.CALLING_AUTHORITY_HOST?.trim() || undefined,
      keepAlive: keepAliveOf(env.CALLING_KEEP_ALIVE_INTERVAL_MS),
      // The call flow waits inside its handlers for prompts to finish; their completion is a
      // later notification of the same call. Answering each notification at once (its handlers
      // run behind it, in the call's order) keeps a platform that sends a call's notifications
      // one after the other from waiting out the acknowledgement budget at each such wait.
      acknowledge: 'immediately',
    },
    answering: {
      answer: secret !== undefined,
      promptUri: env.CALLING_PROMPT_URL?.trim() || undefined,
      hangUpAfterMs:
        Number.isFinite(hangUpAfterMs) && hangUpAfterMs > 0
          ? hangUpAfterMs
          : 30_000,
    },
    outbound: apiKey ? { apiKey } : undefined,
  };
}
