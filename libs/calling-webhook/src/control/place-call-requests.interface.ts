import type {
  AppHostedMediaConfig,
  Call,
  Modality,
  OutgoingCallOptions,
  ServiceHostedMediaConfig,
} from '@microsoft/microsoft-graph-types';
import type {
  InvitationTarget,
  WithODataType,
} from './call-control-requests.interface.js';

/** Who places a call: Graph's `participantInfo` of the bot. */
export interface CallSource {
  /**
   * `{ application: { id } }`, or for a call to a phone number an application instance that has
   * one: `{ applicationInstance: { id, displayName } }`.
   */
  identity: NonNullable<InvitationTarget['identity']>;
  languageId?: string;
  region?: string;
}

/** What placing a call takes besides who is called. */
interface OutgoingCallOptionsBase {
  /** @default ['audio'] */
  requestedModalities?: Modality[];
  /** @default service-hosted media (`#microsoft.graph.serviceHostedMediaConfig`) */
  mediaConfig?: WithODataType<ServiceHostedMediaConfig | AppHostedMediaConfig>;
  /**
   * Where the call's notifications go; Graph requires one to place a call.
   * @default this instance's URL (from `publicUrl`, partitioned when configured)
   */
  callbackUri?: string;
}

/** What `CallControl.create` takes (`POST /communications/calls`). */
export interface CreateCallOptions extends OutgoingCallOptionsBase {
  /** The tenant the call is placed in: its app token is used, and Graph gets it as `tenantId`. */
  tenantId: string;
  /**
   * Who to call: one Teams user (`{ identity: { user: { id } } }`) for a peer-to-peer call,
   * several (up to 5) for a group call, or a phone number (`{ identity: { phone: { id:
   * '+12345678901' } } }`) with an application instance as `source`.
   */
  targets: InvitationTarget[];
  /** Who calls. Required for a phone call. @default the bot's application (Graph's) */
  source?: CallSource;
  /** The subject of a group call. */
  subject?: string;
  /** `#microsoft.graph.outgoingCallOptions`, e.g. `{ isContentSharingNotificationEnabled: true }`. */
  callOptions?: WithODataType<OutgoingCallOptions>;
}

/** What `CallControl.joinMeeting` takes (`POST /communications/calls` with meeting info). */
export interface JoinMeetingOptions extends OutgoingCallOptionsBase {
  /**
   * The meeting's Teams join link: `https://teams.microsoft.com/l/meetup-join/...?context=...`
   * or `https://teams.microsoft.com/meet/{id}?p={passcode}`.
   */
  joinLink: string;
  /**
   * The meeting's tenant. Required for a `/meet/` link; a `meetup-join` link names its own
   * tenant, which wins over this one.
   */
  tenantId?: string;
  /** Let the bot stay in the meeting without its organizer. */
  allowConversationWithoutHost?: boolean;
}

/**
 * The call Graph created (`state` `establishing`, `id`, ...), usable as the call of the other
 * `CallControl` methods: it carries `callId` and the `tenantId` it was placed in.
 */
export type CreatedCall = Call & {
  readonly callId: string;
  readonly tenantId: string;
};
