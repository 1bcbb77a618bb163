import type {
  GraphRequestTraceMessage,
  NotificationTraceMessage,
} from '../telemetry-messages.interface.js';
import { errorTypeOf } from './error-type.js';
import { ATTR } from './semantic-names.js';

/** Span or metric attributes, `undefined` meaning "not known". */
export type Attributes = Record<string, string | number | undefined>;

export function notificationAttributes(
  m: NotificationTraceMessage,
  status: number,
): Attributes {
  return {
    [ATTR.httpResponseStatusCode]: status,
    [ATTR.notificationProtocol]: m.protocol,
    [ATTR.callId]: m.callId,
    [ATTR.notificationChangeType]: m.changeType,
    [ATTR.notificationResourceKind]: m.resourceKind,
    [ATTR.notificationCount]: m.notificationCount,
    // HTTP server convention: a 5xx is an error, its type the status code.
    [ATTR.errorType]: status >= 500 ? String(status) : undefined,
  };
}

export function graphRequestAttributes(
  m: GraphRequestTraceMessage,
): Attributes {
  return {
    [ATTR.httpResponseStatusCode]: m.status,
    // HTTP client convention: present on resends only, the number of the last one.
    [ATTR.httpRequestResendCount]: m.attempts > 1 ? m.attempts - 1 : undefined,
    [ATTR.errorType]: m.error
      ? (m.errorCode ?? errorTypeOf(m.error))
      : undefined,
  };
}

/** The attributes whose value is known (OpenTelemetry drops `undefined`, but says so in debug). */
export function defined(
  attributes: Attributes,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(attributes))
    if (value !== undefined) out[key] = value;
  return out;
}
