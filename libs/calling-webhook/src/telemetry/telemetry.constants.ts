// The names of this library's diagnostics channels: public API, stable across minor versions.
// Subscribe with `node:diagnostics_channel` (no dependency) or let the OpenTelemetry bridge do it.
// A tracing channel `X` publishes on `tracing:X:start`, `:end`, `:asyncStart`, `:asyncEnd` and
// `:error`, all with one message object per operation (see `telemetry-messages.interface.ts`).

/** Tracing channel: one webhook request (a notification delivery), from arrival to its answer. */
export const NOTIFICATION_CHANNEL = 'nestjs-calling-webhook:notification';
/** Tracing channel: one call event handler run on one notification. */
export const HANDLER_CHANNEL = 'nestjs-calling-webhook:handler';
/** Tracing channel: one logical Graph call-control request, its retries included. */
export const GRAPH_REQUEST_CHANNEL = 'nestjs-calling-webhook:graph-request';
/** Channel: a Graph attempt failed and is retried after a delay. */
export const GRAPH_RETRY_CHANNEL = 'nestjs-calling-webhook:graph-request:retry';
/** Channel: a fetch of the platform's signing keys ended (success or failure). */
export const SIGNING_KEYS_REFRESH_CHANNEL =
  'nestjs-calling-webhook:signing-keys:refresh';
/** Channel: the verified-token cache was asked for a token (hit or miss). */
export const TOKEN_CACHE_LOOKUP_CHANNEL =
  'nestjs-calling-webhook:token-cache:lookup';
/** Channel: a keepAlive the module sent for a call ended (and how it went). */
export const KEEP_ALIVE_CHANNEL = 'nestjs-calling-webhook:call:keep-alive';
/** Channel: this instance began keeping a live call alive (answered or placed and established, or taken over). */
export const CALL_START_CHANNEL = 'nestjs-calling-webhook:call:start';
/** Channel: this instance stopped keeping a call alive (it ended, moved to another instance, or this one stopped). */
export const CALL_END_CHANNEL = 'nestjs-calling-webhook:call:end';
