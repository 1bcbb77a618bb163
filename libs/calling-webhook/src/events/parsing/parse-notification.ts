import type {
  Call,
  CommsOperation,
  Participant,
  ToneInfo,
} from '@microsoft/microsoft-graph-types';
import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import type { AnyCallNotificationEvent } from '../call-events.interface.js';
import type {
  CallNotificationEvent,
  CallNotificationHeaders,
  CallResourceKind,
  RawCommsNotification,
} from '../call-notification-event.interface.js';
import { InvalidNotificationEnvelopeError } from '../envelope/validate-envelope.js';
import { normaliseCallState, normaliseResultInfo } from './normalise-enums.js';
import { operationTypeOf } from './operation-type.js';
import {
  readResourcePath,
  withLeadingSlash,
  type ResourcePath,
} from './resource-path.js';

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function odataTypeOf(data: unknown): string | undefined {
  if (isRecord(data)) return text(data['@odata.type']);
  if (Array.isArray(data) && isRecord(data[0]))
    return text(data[0]['@odata.type']);
  return undefined;
}

function kindOf(
  path: ResourcePath,
  data: unknown,
  odataType: string | undefined,
): CallResourceKind {
  // The resource's own type wins over its URL: Microsoft's invite example reports a roster under
  // `.../operations/participants`, and the operation itself under the same URL.
  if (isRecord(data) && /operation$/i.test(odataType ?? '')) return 'operation';
  if (Array.isArray(data)) return 'participants';
  if (/^participants(\/[^/]+)?$/i.test(path.under)) return 'participants';
  if (/^operations\/[^/]+$/i.test(path.under)) return 'operation';
  return path.under === '' ? 'call' : 'other';
}

/**
 * Turns one validated notification into its event. Tolerant of what real traffic shows (see
 * the fixtures): enum casing, `resourceUrl` without `/`, only `resource`, absent or array data.
 */
export function parseNotification(
  notification: RawCommsNotification,
  index: number,
  principal: CallingPrincipal,
  headers: CallNotificationHeaders,
): AnyCallNotificationEvent {
  const urls = [text(notification.resourceUrl), text(notification.resource)];
  let path: ResourcePath | undefined;
  let url = '';
  for (const candidate of urls) {
    path = candidate === undefined ? undefined : readResourcePath(candidate);
    if (path) {
      url = candidate as string;
      break;
    }
  }
  if (!path) {
    throw new InvalidNotificationEnvelopeError(
      `value[${index}]: resourceUrl names no call (expected .../calls/{id})`,
    );
  }
  const data: unknown = notification.resourceData ?? undefined;
  const odataType = odataTypeOf(data);
  const base: Omit<CallNotificationEvent, 'kind' | 'resource'> = {
    callId: path.callId,
    tenantId: principal.tenantId,
    changeType: String(notification.changeType).toLowerCase(),
    resourceUrl: withLeadingSlash(url),
    odataType,
    index,
    notification,
    headers,
    principal,
  };
  switch (kindOf(path, data, odataType)) {
    case 'call': {
      const call = isRecord(data) ? callOf(data) : undefined;
      return {
        ...base,
        kind: 'call',
        resource: call,
        call,
        state: call?.state ?? undefined,
        tone: (call?.toneInfo as ToneInfo | null | undefined) ?? undefined,
      };
    }
    case 'participants': {
      const participants = (
        Array.isArray(data) ? data : data === undefined ? [] : [data]
      ) as Participant[];
      return {
        ...base,
        kind: 'participants',
        resource: data as Participant[] | Participant | undefined,
        participants,
      };
    }
    case 'operation': {
      const resultInfo = isRecord(data)
        ? normaliseResultInfo(data.resultInfo)
        : undefined;
      const operation = (
        isRecord(data) ? { ...data, resultInfo } : {}
      ) as CommsOperation;
      return {
        ...base,
        kind: 'operation',
        resource: operation,
        operation,
        operationType: operationTypeOf(odataType),
        operationId: path.under.split('/').pop() || undefined,
        resultInfo,
      };
    }
    default:
      return { ...base, kind: 'other', resource: data };
  }
}

function callOf(data: Data): Call {
  const call: Data = { ...data, state: normaliseCallState(data.state) };
  if (data.resultInfo !== undefined)
    call.resultInfo = normaliseResultInfo(data.resultInfo);
  return call as Call;
}
