import type {
  AppHostedMediaConfig,
  CommunicationsIdentitySet,
  CommunicationsUserIdentity,
  EndpointType,
  IncomingCallOptions,
  InvitationParticipantInfo,
  Modality,
  RejectReason,
  ServiceHostedMediaConfig,
} from '@microsoft/microsoft-graph-types';

/** A Graph object as sent on the wire, where `@odata.type` names the derived type. */
export type WithODataType<T> = T & { '@odata.type'?: string };

/**
 * An identity in call control: Graph's `Identity`, with a user's `tenantId` when it has one, and
 * the `identityProvider` (`AAD`) the participant-invite examples send.
 */
export type CallIdentity = WithODataType<
  CommunicationsUserIdentity & { identityProvider?: string }
>;

/**
 * Who to redirect or transfer to: Graph's `invitationParticipantInfo`, whose identity is a
 * communications identity set (`user`, `application`, `applicationInstance`, `phone`, ...).
 */
export interface InvitationTarget extends Omit<
  WithODataType<InvitationParticipantInfo>,
  'identity'
> {
  /** The kind of endpoint, `default` in the transfer examples. */
  endpointType?: EndpointType;
  identity?: WithODataType<
    {
      [
        K in Exclude<keyof CommunicationsIdentitySet, 'endpointType'>
      ]?: CallIdentity | null;
    } & Pick<CommunicationsIdentitySet, 'endpointType'>
  >;
}

/** What `CallControl.answer` takes (Graph `POST /communications/calls/{id}/answer`). */
export interface AnswerCallOptions {
  /** Modalities the bot accepts, e.g. `['audio']`. Required by Graph. */
  acceptedModalities: Modality[];
  /** @default service-hosted media (`#microsoft.graph.serviceHostedMediaConfig`) */
  mediaConfig?: WithODataType<ServiceHostedMediaConfig | AppHostedMediaConfig>;
  /**
   * Where this call's later notifications go.
   * @default this instance's partitioned URL when partitions are configured, else none (Graph
   * then uses the bot's registered calling webhook)
   */
  callbackUri?: string;
  /** Options of the answered call (`#microsoft.graph.incomingCallOptions`). */
  callOptions?: WithODataType<IncomingCallOptions>;
  /** Participants the bot can handle (policy-based recording). */
  participantCapacity?: number;
}

/** What `CallControl.reject` takes (`POST /communications/calls/{id}/reject`). */
export interface RejectCallOptions {
  /** `none`, `busy` or `forbidden`. */
  reason: RejectReason;
  callbackUri?: string;
}

/** What `CallControl.redirect` takes (`POST /communications/calls/{id}/redirect`). */
export interface RedirectCallOptions {
  /** Who to ring; several ring at once (simultaneous ring, up to 25). */
  targets: InvitationTarget[];
  /** Seconds to ring, 15 to 90. */
  timeout?: number;
  callbackUri?: string;
}

/** What `CallControl.transfer` takes (`POST /communications/calls/{id}/transfer`). */
export interface TransferCallOptions {
  /**
   * Who the call is transferred to. For a consultative transfer, `replacesCallId` names the
   * bot's call with the target that the transferred call replaces.
   */
  transferTarget: InvitationTarget;
  /** The participant transferred; Graph needs it only to transfer out of a group call. */
  transferee?: Omit<InvitationTarget, 'replacesCallId'>;
}

/** What `CallControl.keepAlive` takes. */
export interface KeepAliveRequestOptions {
  /** Gives the request up (and its retries): a `GraphCallError` with code `aborted`. */
  signal?: AbortSignal;
}
