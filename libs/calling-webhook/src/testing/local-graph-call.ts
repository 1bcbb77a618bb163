import { randomUUID } from 'node:crypto';
import type {
  CallIdentity,
  ResultInfoInput,
  RosterEntry,
} from './graph-notifications.js';

/** Someone in a call the fake Graph knows. */
export interface LocalGraphParticipant extends RosterEntry {
  readonly id: string;
  isMuted: boolean;
}

/** An operation a bot started in a call (`playPrompt`, `record`, `inviteParticipants`, ...). */
export interface LocalGraphOperation {
  /** As Graph answered it (a lower-case GUID); notifications carry it re-formatted. */
  readonly id: string;
  /** The operation type: `playPrompt`, `record`, `sendDtmfTones`, `inviteParticipants`, ... */
  readonly type: string;
  readonly clientContext: string | undefined;
  status: 'running' | 'completed' | 'failed';
  /** Epoch milliseconds when Graph answered the request, and when the operation ended. */
  readonly startedAt: number;
  endedAt: number | undefined;
  /** What the request asked for (the invited participants, the prompts, ...). */
  readonly request: Readonly<Record<string, unknown>>;
  /** It will end `failed` with this result (see `LocalGraphCall.failures`). */
  readonly failWith?: ResultInfoInput;
}

/** A call the fake Graph knows. */
export interface LocalGraphCall {
  readonly id: string;
  readonly tenantId: string;
  /** `incoming` for a call placed to the bot, `outgoing` for one the bot placed. */
  readonly direction: 'incoming' | 'outgoing';
  state:
    | 'incoming'
    | 'establishing'
    | 'established'
    | 'rejected'
    | 'redirected'
    | 'terminated';
  /** Where the call's notifications go: given when the bot answered or placed it. */
  callbackUri: string | undefined;
  /** The participants, the bot included. */
  readonly roster: LocalGraphParticipant[];
  /** Epoch milliseconds of each keepAlive the bot sent. */
  readonly keepAlives: number[];
  readonly operations: LocalGraphOperation[];
  /** The bot's own participant id (`myParticipantId`). */
  readonly myParticipantId: string;
  /** The platform lost the call without telling the bot: every request about it gets `404`. */
  gone: boolean;
  /**
   * The next operations of these types end `failed` with these results, oldest first: a running
   * one in its completion notification, one Graph answers at once in its answer.
   */
  readonly failures: {
    readonly type: string;
    readonly resultInfo: ResultInfoInput;
  }[];
  /** What the bot sent to place it (outgoing calls). */
  readonly placedWith?: Readonly<Record<string, unknown>>;
}

/** What a new call of the fake Graph is made of. */
export interface LocalGraphCallInit {
  readonly id: string;
  readonly tenantId: string;
  readonly direction?: LocalGraphCall['direction'];
  /** The bot in the roster. @default an application `Bot` */
  readonly bot?: CallIdentity;
  /** The others in the roster. */
  readonly others?: readonly RosterEntry[];
  readonly callbackUri?: string;
  readonly placedWith?: Readonly<Record<string, unknown>>;
}

/** A call in its first state: `incoming`, or `establishing` for one the bot placed. */
export function newLocalGraphCall(init: LocalGraphCallInit): LocalGraphCall {
  const bot: LocalGraphParticipant = {
    id: randomUUID(),
    kind: 'application',
    identity: init.bot ?? { id: randomUUID(), displayName: 'Bot' },
    isMuted: false,
  };
  const direction = init.direction ?? 'incoming';
  return {
    id: init.id,
    tenantId: init.tenantId,
    direction,
    state: direction === 'incoming' ? 'incoming' : 'establishing',
    callbackUri: init.callbackUri,
    roster: [...(init.others ?? []).map((p) => participant(p)), bot],
    keepAlives: [],
    operations: [],
    myParticipantId: bot.id,
    gone: false,
    failures: [],
    placedWith: init.placedWith,
  };
}

/** A roster entry with a fresh participant id. */
export function participant(entry: RosterEntry): LocalGraphParticipant {
  return {
    ...entry,
    id: entry.id ?? randomUUID(),
    isMuted: entry.isMuted ?? false,
  };
}

/** The call as `GET /communications/calls/{id}` shows it. */
export function callResource(call: LocalGraphCall): Record<string, unknown> {
  const placed = call.placedWith ?? {};
  return {
    '@odata.type': '#microsoft.graph.call',
    id: call.id,
    state: call.state,
    direction: call.direction,
    callbackUri: call.callbackUri ?? null,
    tenantId: call.tenantId,
    myParticipantId: call.myParticipantId,
    requestedModalities: placed.requestedModalities ?? ['audio'],
    mediaConfig: placed.mediaConfig ?? {
      '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
    },
    targets: placed.targets ?? [],
    chatInfo: placed.chatInfo ?? null,
    meetingInfo: placed.meetingInfo ?? null,
    subject: placed.subject ?? null,
    resultInfo: null,
  };
}

/** The first identity of an identity set (`user`, `phone`, `applicationInstance`, ...). */
export function rosterEntryOf(identitySet: unknown): RosterEntry[] {
  const set = identitySet as Record<string, unknown> | undefined;
  for (const kind of [
    'user',
    'phone',
    'applicationInstance',
    'application',
  ] as const) {
    const who = set?.[kind] as
      { id?: unknown; displayName?: unknown } | undefined;
    if (typeof who?.id === 'string')
      return [
        {
          kind,
          identity: {
            id: who.id,
            displayName:
              typeof who.displayName === 'string' ? who.displayName : undefined,
          },
        },
      ];
  }
  return [];
}
