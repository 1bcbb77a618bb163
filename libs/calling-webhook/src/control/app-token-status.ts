import { Inject, Injectable } from '@nestjs/common';
import {
  AppTokenError,
  CallControlNotConfiguredError,
} from './call-control.errors.js';
import { CONTROL_OPTIONS } from './resolve-call-control-options.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';

/** The last app-token acquisition's outcome: what a health check reports, without a secret. */
export interface AppTokenOutcome {
  /** `true` when a token was had. */
  readonly ok: boolean;
  readonly at: Date;
  /** Why not, on failure: msal's error code (`invalid_client`, `network_error`, ...). */
  readonly errorCode?: string;
}

/**
 * Remembers how the last app-token acquisition went, so that a health probe can tell whether
 * the Graph credentials work without asking for a token itself (a probe every few seconds must
 * not reach the authority). Fed by every token `CallControl` asks for, msal's cache hits included.
 */
@Injectable()
export class AppTokenStatus {
  private last: AppTokenOutcome | undefined;
  /** Whether app credentials are configured at all (without them `CallControl` refuses to act). */
  readonly configured: boolean;

  constructor(@Inject(CONTROL_OPTIONS) options: ResolvedCallControlOptions) {
    this.configured = options.credentials !== undefined;
  }

  /** The last outcome; `undefined` before the first acquisition. */
  get lastOutcome(): AppTokenOutcome | undefined {
    return this.last;
  }

  /** Resolves as `acquisition` does, remembering its outcome. */
  async track(acquisition: Promise<string>): Promise<string> {
    try {
      const token = await acquisition;
      this.last = { ok: true, at: new Date() };
      return token;
    } catch (error) {
      this.last = { ok: false, at: new Date(), errorCode: codeOf(error) };
      throw error;
    }
  }
}

function codeOf(error: unknown): string {
  if (error instanceof AppTokenError) return error.code;
  if (error instanceof CallControlNotConfiguredError) return 'not_configured';
  return 'unknown_error';
}
