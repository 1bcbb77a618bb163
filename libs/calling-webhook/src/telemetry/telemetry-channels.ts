import diagnosticsChannel from 'node:diagnostics_channel';
import {
  CALL_END_CHANNEL,
  CALL_START_CHANNEL,
  GRAPH_REQUEST_CHANNEL,
  GRAPH_RETRY_CHANNEL,
  HANDLER_CHANNEL,
  KEEP_ALIVE_CHANNEL,
  NOTIFICATION_CHANNEL,
  SIGNING_KEYS_REFRESH_CHANNEL,
  TOKEN_CACHE_LOOKUP_CHANNEL,
} from './telemetry.constants.js';
import type {
  GraphRequestTraceMessage,
  HandlerTraceMessage,
  NotificationTraceMessage,
} from './telemetry-messages.interface.js';

// Created once, at the top level, as Node recommends: a channel object makes `hasSubscribers`
// a property read and `publish` a no-op when nobody listens.

export const notificationChannel = diagnosticsChannel.tracingChannel<
  unknown,
  NotificationTraceMessage
>(NOTIFICATION_CHANNEL);
export const handlerChannel = diagnosticsChannel.tracingChannel<
  unknown,
  HandlerTraceMessage
>(HANDLER_CHANNEL);
export const graphRequestChannel = diagnosticsChannel.tracingChannel<
  unknown,
  GraphRequestTraceMessage
>(GRAPH_REQUEST_CHANNEL);

export const graphRetryChannel =
  diagnosticsChannel.channel(GRAPH_RETRY_CHANNEL);
export const signingKeysRefreshChannel = diagnosticsChannel.channel(
  SIGNING_KEYS_REFRESH_CHANNEL,
);
export const tokenCacheLookupChannel = diagnosticsChannel.channel(
  TOKEN_CACHE_LOOKUP_CHANNEL,
);
export const keepAliveChannel = diagnosticsChannel.channel(KEEP_ALIVE_CHANNEL);
export const callStartChannel = diagnosticsChannel.channel(CALL_START_CHANNEL);
export const callEndChannel = diagnosticsChannel.channel(CALL_END_CHANNEL);
