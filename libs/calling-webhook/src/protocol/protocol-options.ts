import { wholeNumberProblems } from '../config/option-rules.js';

/** The options of the protocol step (fields of `CallingWebhookOptions`). */
export interface ProtocolOptions {
  /**
   * The most notifications one request may carry (`value[]`); more get `413` before any is
   * looked at. The platform sends a handful at a time; the bound keeps one request from holding
   * the event loop and flushing the duplicate store.
   * @default 1_000
   */
  maxNotificationsPerRequest?: number;
}

/** The protocol options with their defaults. */
export interface ResolvedProtocolOptions {
  readonly maxNotificationsPerRequest: number;
}

/** The injection token of the resolved protocol options. */
export const PROTOCOL_OPTIONS = Symbol('CallingWebhookProtocolOptions');

export const DEFAULT_MAX_NOTIFICATIONS_PER_REQUEST = 1_000;

/** One line per mistake in the protocol options. */
export function protocolOptionProblems(options: ProtocolOptions): string[] {
  return wholeNumberProblems(
    'maxNotificationsPerRequest',
    options.maxNotificationsPerRequest,
    1,
    1_000_000,
  );
}

/** The protocol options with their defaults (call after `protocolOptionProblems` found none). */
export function resolveProtocolOptions(
  options: ProtocolOptions,
): ResolvedProtocolOptions {
  return {
    maxNotificationsPerRequest:
      options.maxNotificationsPerRequest ??
      DEFAULT_MAX_NOTIFICATIONS_PER_REQUEST,
  };
}
