// Builders of Graph call notifications shaped like the ones Microsoft publishes (the fixtures of
// the v1.0 call-answer, call-delete, call-playprompt, call-record, call-subscribetotone,
// participant-invite and application-post-calls pages): the library cannot read those files at
// run time, so their shapes are written here.

/** A user or application as the platform names it in an identity set. */
export interface CallIdentity {
  readonly id: string;
  readonly displayName?: string;
}

/** A Graph `commsNotifications` body (what the platform POSTs). */
export interface CommsNotificationsBody {
  readonly '@odata.type': '#microsoft.graph.commsNotifications';
  readonly value: readonly Record<string, unknown>[];
}

/** What `incomingCallNotification()` takes. */
export interface IncomingCallNotificationInput {
  readonly callId: string;
  readonly tenantId: string;
  /** The caller (a Teams user). */
  readonly from: CallIdentity;
  /** The bot called (an application). */
  readonly to: CallIdentity;
  /** The caller's data center region (`source.region`). @default 'westus' */
  readonly region?: string;
  /** Modalities the caller offers. @default ['audio'] */
  readonly requestedModalities?: readonly string[];
}

const NOTIFICATIONS = '#microsoft.graph.commsNotifications';
const NOTIFICATION = '#microsoft.graph.commsNotification';

/** `/communications/calls/{id}`: the resource URL of a call. */
export function callResourceUrl(callId: string): string {
  return `/communications/calls/${callId}`;
}

function envelope(
  changeType: string,
  resourceUrl: string,
  resourceData: unknown,
): CommsNotificationsBody {
  return {
    '@odata.type': NOTIFICATIONS,
    value: [
      { '@odata.type': NOTIFICATION, changeType, resourceUrl, resourceData },
    ],
  };
}

/** An incoming call (`created`, state `incoming`), as the call-answer page's first notification. */
export function incomingCallNotification(
  input: IncomingCallNotificationInput,
): CommsNotificationsBody {
  const url = callResourceUrl(input.callId);
  return envelope('created', url, {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': url,
    '@odata.etag': 'W/"5445"',
    state: 'incoming',
    direction: 'incoming',
    source: {
      identity: { user: identity(input.from, 'Caller') },
      region: input.region ?? 'westus',
      languageId: 'en-US',
    },
    targets: [{ identity: { application: identity(input.to, 'Bot') } }],
    requestedModalities: [...(input.requestedModalities ?? ['audio'])],
    tenantId: input.tenantId,
  });
}

/** A call update to `establishing` or `established`, as on the call-answer page. */
export function callStateNotification(
  callId: string,
  state: 'establishing' | 'established' | 'terminating',
): CommsNotificationsBody {
  const url = callResourceUrl(callId);
  return envelope('updated', url, {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': url,
    '@odata.etag': 'W/"5445"',
    state,
  });
}

/** A call's or an operation's outcome (`resultInfo`). */
export interface ResultInfoInput {
  readonly code: number | string;
  readonly subcode?: number;
  readonly message?: string;
}

/**
 * The call is gone (`deleted`, state `terminated`), as on the call-delete page; with a
 * `resultInfo` such as `{ code: 408, subcode: 8537, message: 'Keep Alive timeout' }`.
 */
export function callTerminatedNotification(
  callId: string,
  result: string | ResultInfoInput = '0',
): CommsNotificationsBody {
  return envelope('deleted', callResourceUrl(callId), {
    '@odata.type': '#microsoft.graph.call',
    state: 'terminated',
    resultInfo: resultInfo(
      typeof result === 'string' ? { code: result } : result,
    ),
  });
}

/** Someone in a roster: who, as which kind of identity, and whether they are muted. */
export interface RosterEntry {
  readonly identity: CallIdentity;
  readonly kind: 'user' | 'application' | 'applicationInstance' | 'phone';
  /** The participant id. @default `{callId}-participant-{n}` */
  readonly id?: string;
  readonly isMuted?: boolean;
}

/** A roster update (`.../participants`, an array of participants), as on the application-post-calls page. */
export function participantsNotification(
  callId: string,
  participants: readonly RosterEntry[],
): CommsNotificationsBody {
  return envelope(
    'updated',
    `${callResourceUrl(callId)}/participants`,
    participants.map((p, i) =>
      participantResource(
        { ...p, id: p.id ?? `${callId}-participant-${i + 1}` },
        i,
      ),
    ),
  );
}

/** One participant as Graph shows it in a roster and in `GET .../participants`. */
export function participantResource(
  participant: RosterEntry & { readonly id: string },
  index = 0,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.participant',
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        [participant.kind]: {
          '@odata.type': '#microsoft.graph.identity',
          ...identity(
            participant.identity,
            participant.kind === 'application' ? 'Bot' : 'Caller',
          ),
        },
      },
      languageId: 'en-US',
    },
    mediaStreams: [
      {
        '@odata.type': '#microsoft.graph.mediaStream',
        mediaType: 'audio',
        sourceId: String(index + 1),
        direction: 'sendReceive',
        serverMuted: false,
      },
    ],
    isMuted: participant.isMuted ?? false,
    isInLobby: false,
    id: participant.id,
  };
}

/** How Graph writes an operation id (and its call's id) in operation URLs: upper case, without dashes. */
export function notifiedOperationId(id: string): string {
  return id.replace(/-/g, '').toUpperCase();
}

/**
 * An operation finished (`deleted` on `.../calls/{CALL}/operations/{ID}`), as on the
 * call-playprompt and call-record pages: the URL carries both ids re-formatted as Graph does,
 * `resourceData.id` the id Graph answered with. `details` adds type-specific fields
 * (`recordingLocation`, ...).
 */
export function operationCompletedNotification(
  callId: string,
  operation: {
    readonly id: string;
    /** `playPrompt`, `record`, `subscribeToTone`, ... */
    readonly type: string;
    readonly clientContext?: string;
    /** @default 'completed' */
    readonly status?: 'completed' | 'failed';
    /** @default { code: 200, subcode: 0, message: 'Action completed successfully.' } */
    readonly resultInfo?: ResultInfoInput;
    readonly details?: Readonly<Record<string, unknown>>;
  },
): CommsNotificationsBody {
  const url = `${callResourceUrl(notifiedOperationId(callId))}/operations/${notifiedOperationId(operation.id)}`;
  return envelope('deleted', url, {
    '@odata.type': `#microsoft.graph.${operation.type}Operation`,
    '@odata.id': url,
    '@odata.etag': 'W/"54451"',
    id: operation.id,
    resultInfo: resultInfo(
      operation.resultInfo ?? {
        code: 200,
        subcode: 0,
        message: 'Action completed successfully.',
      },
    ),
    clientContext: operation.clientContext ?? null,
    status: operation.status ?? 'completed',
    ...operation.details,
  });
}

/** A DTMF tone the caller pressed (a call update with `toneInfo`), as on the call-subscribetotone page. */
export function toneNotification(
  callId: string,
  tone: string,
  sequenceId = 1,
): CommsNotificationsBody {
  return envelope('updated', callResourceUrl(callId), {
    '@odata.type': '#microsoft.graph.call',
    state: 'established',
    toneInfo: { '@odata.type': '#microsoft.graph.toneInfo', sequenceId, tone },
  });
}

function resultInfo(result: ResultInfoInput): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.resultInfo', ...result };
}

function identity(
  who: CallIdentity,
  fallbackName: string,
): { displayName: string; id: string } {
  return { displayName: who.displayName ?? fallbackName, id: who.id };
}
