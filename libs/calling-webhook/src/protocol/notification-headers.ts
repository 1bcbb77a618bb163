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

/** Reads the platform's headers from a request, once per request (shared by its events). */
export function readNotificationHeaders(
  headers: IncomingHttpHeaders,
): CallNotificationHeaders {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = single(value);
    if (text !== undefined && !HIDDEN.has(name)) raw[name] = text;
  }
  return {
    messageId: raw['x-microsoft-skype-message-id'],
    chainId: raw['x-microsoft-skype-chain-id'],
    scenarioId: raw['scenario-id'],
    raw,
  };
}
