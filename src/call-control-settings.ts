import type { CallingWebhookOptions } from 'nestjs-calling-webhook';

/** What the sample bot does with a call once it can answer it. */
export interface AnsweringSettings {
  /** False without `CALLING_APP_SECRET`: calls are logged, not answered. */
  readonly answer: boolean;
  /** The prompt played once the call is established (`CALLING_PROMPT_URL`, a 16 kHz mono wav). */
  readonly promptUri: string | undefined;
  /** Hang up this long after the call is established, unless a tone comes first. */
  readonly hangUpAfterMs: number;
}

/** The injection token of the sample bot's `AnsweringSettings`. */
export const ANSWERING_SETTINGS = Symbol('AnsweringSettings');

/**
 * Call-control settings: `CALLING_APP_SECRET` (the app registration's client secret; without it
 * the bot only logs calls), `CALLING_CLIENT_ID` (defaults to the App ID),
 * `CALLING_GRAPH_BASE_URL`, `CALLING_AUTHORITY_HOST`, `CALLING_PROMPT_URL`, `CALLING_HANG_UP_AFTER_MS`.
 */
export function readCallControlSettings(env: NodeJS.ProcessEnv): {
  webhook: Partial<CallingWebhookOptions>;
  answering: AnsweringSettings;
} {
  const secret = env.CALLING_APP_SECRET?.trim() || undefined;
  const hangUpAfterMs = Number(env.CALLING_HANG_UP_AFTER_MS ?? 30_000);
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
    },
    answering: {
      answer: secret !== undefined,
      promptUri: env.CALLING_PROMPT_URL?.trim() || undefined,
      hangUpAfterMs:
        Number.isFinite(hangUpAfterMs) && hangUpAfterMs > 0
          ? hangUpAfterMs
          : 30_000,
    },
  };
}
