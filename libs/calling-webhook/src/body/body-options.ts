import {
  bodyLimitProblems,
  DEFAULT_BODY_LIMIT_BYTES,
  parseBodyLimit,
} from './body-limit.js';

/** The options of the body step (fields of `CallingWebhookOptions`). */
export interface BodyOptions {
  /**
   * The largest notification body read, in bytes or as a size such as `'4mb'`; larger ones get
   * `413` without being read. The same on Express and Fastify.
   * @default '4mb'
   */
  bodyLimit?: number | string;
}

/** The body options with their defaults. */
export interface ResolvedBodyOptions {
  /** The largest body read, in bytes. */
  readonly limitBytes: number;
}

/** The injection token of the resolved body options. */
export const BODY_OPTIONS = Symbol('CallingWebhookBodyOptions');

/** One line per mistake in the body options. */
export function bodyOptionProblems(options: BodyOptions): string[] {
  return bodyLimitProblems(options.bodyLimit);
}

/** The body options with their defaults (call after `bodyOptionProblems` found none). */
export function resolveBodyOptions(options: BodyOptions): ResolvedBodyOptions {
  return {
    limitBytes: parseBodyLimit(options.bodyLimit) ?? DEFAULT_BODY_LIMIT_BYTES,
  };
}
