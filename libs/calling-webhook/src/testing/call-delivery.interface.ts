import type { DeliveryResult } from './notification-sender.js';

/** One notification the platform delivered to the bot, and how the bot answered it. */
export interface CallDelivery {
  /** What it says: `incoming call`, `establishing`, `established`, `participants`, ... */
  readonly what: string;
  readonly result: DeliveryResult;
  /** The bot's final answer was 2xx (after a legacy 204 and redirects). */
  readonly accepted: boolean;
}
