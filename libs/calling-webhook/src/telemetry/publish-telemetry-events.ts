import {
  callEndChannel,
  callStartChannel,
  keepAliveChannel,
  signingKeysRefreshChannel,
  tokenCacheLookupChannel,
} from './telemetry-channels.js';
import type {
  CallEndMessage,
  CallStartMessage,
  KeepAliveMessage,
  SigningKeysRefreshMessage,
  TokenCacheLookupMessage,
} from './telemetry-messages.interface.js';

// Two messages made once: a token lookup on the hot path allocates nothing, even when observed.
const HIT: TokenCacheLookupMessage = Object.freeze({ hit: true });
const MISS: TokenCacheLookupMessage = Object.freeze({ hit: false });

/** A token was looked up in the verified-token cache. */
export function publishTokenCacheLookup(hit: boolean): void {
  if (tokenCacheLookupChannel.hasSubscribers)
    tokenCacheLookupChannel.publish(hit ? HIT : MISS);
}

/** A fetch of the signing keys ended. */
export function publishSigningKeysRefresh(
  message: SigningKeysRefreshMessage,
): void {
  if (signingKeysRefreshChannel.hasSubscribers)
    signingKeysRefreshChannel.publish(message);
}

/** A keepAlive the scheduler sent ended. */
export function publishKeepAlive(message: KeepAliveMessage): void {
  if (keepAliveChannel.hasSubscribers) keepAliveChannel.publish(message);
}

/** This instance began keeping a live call alive (once per call). */
export function publishCallStart(message: CallStartMessage): void {
  if (callStartChannel.hasSubscribers) callStartChannel.publish(message);
}

/** This instance stopped keeping a call alive (once per call start). */
export function publishCallEnd(message: CallEndMessage): void {
  if (callEndChannel.hasSubscribers) callEndChannel.publish(message);
}
