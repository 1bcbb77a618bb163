import type { IncomingHttpHeaders } from 'node:http';

/** The calling platform's request headers, the ones it documents read out by name. */
export interface CallNotificationHeaders {
  /** `X-Microsoft-Skype-Message-ID`: the same on a redelivery; the duplicate key when present. */
  readonly messageId: string | undefined;
  /** `X-Microsoft-Skype-Chain-ID`: correlates the notifications of one call for Microsoft support. */
  readonly chainId: string | undefined;
  /** `Scenario-Id`: the platform's scenario identifier. */
  readonly scenarioId: string | undefined;
  /** Every request header (lower-case names) except credentials (`authorization`, `cookie`). */
  readonly raw: Readonly<Record<string, string>>;
}

// Credentials never reach handlers through the event: a handler that logs its event must not leak them.
const HIDDEN = new Set(['authorization', 'proxy-authorization', 'cookie']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Reads the platform's headers from a request, once per request (shared by its events). The
 * copy of every header (`raw`) is made only when a handler reads it.
 */
export function readNotificationHeaders(
  headers: IncomingHttpHeaders,
): CallNotificationHeaders {
  let raw: Record<string, string> | undefined;
  return {
    messageId: single(headers['x-microsoft-skype-message-id']),
    chainId: single(headers['x-microsoft-skype-chain-id']),
    scenarioId: single(headers['scenario-id']),
    get raw(): Readonly<Record<string, string>> {
      if (raw === undefined) {
        raw = {};
        for (const [name, value] of Object.entries(headers)) {
          const text = single(value);
          if (text !== undefined && !HIDDEN.has(name)) raw[name] = text;
        }
      }
      return raw;
    },
  };
}
