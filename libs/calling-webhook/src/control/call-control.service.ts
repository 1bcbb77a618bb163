import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  Call,
  CancelMediaProcessingOperation,
  MuteParticipantOperation,
  PlayPromptOperation,
  RecordOperation,
  SendDtmfTonesOperation,
  SubscribeToToneOperation,
  UnmuteParticipantOperation,
  UpdateRecordingStatusOperation,
} from '@microsoft/microsoft-graph-types';
import { CallbackUris } from '../affinity/callback-uris.service.js';
import { CallRecords } from '../calls/call-records.service.js';
import type {
  AnswerCallOptions,
  KeepAliveRequestOptions,
  RedirectCallOptions,
  RejectCallOptions,
  TransferCallOptions,
} from './call-control-requests.interface.js';
import { isCallId } from '../protocol/call-id.js';
import type { CallOperation } from './call-operation.interface.js';
import { CallParticipants } from './call-participants.service.js';
import type { CallReference } from './call-reference.interface.js';
import { CallRequests } from './call-requests.service.js';
import {
  invitation,
  mediaPrompt,
  SERVICE_HOSTED_MEDIA,
} from './graph-bodies.js';
import type {
  OperationOptions,
  PlayPromptOptions,
  RecordResponseOptions,
  SendDtmfTonesOptions,
  SubscribeToToneOptions,
  UpdateRecordingStatusOptions,
} from './media-requests.interface.js';
import { CallPlacement } from './call-placement.service.js';
import type {
  CreateCallOptions,
  CreatedCall,
  JoinMeetingOptions,
} from './place-call-requests.interface.js';
import {
  downloadRecording,
  type RecordingDownload,
  type RecordingLocation,
} from './recording-download.js';
import { CONTROL_OPTIONS } from './resolve-call-control-options.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';

/**
 * Acts on calls through the Graph communications API (v1.0, service-hosted media), in the
 * call's tenant, with the app's credentials. Pass an event of this module (or any `{ callId,
 * tenantId }`) as the call. Methods that start an operation send a `clientContext` (a UUID
 * unless given) and resolve with Graph's operation and that `clientContext`.
 */
@Injectable()
export class CallControl {
  constructor(
    private readonly requests: CallRequests,
    /** The call's participants: list, invite, mute, remove, hold music. */
    readonly participants: CallParticipants,
    private readonly placement: CallPlacement,
    private readonly records: CallRecords,
    @Inject(CONTROL_OPTIONS)
    private readonly options: ResolvedCallControlOptions,
    // Optional so that CallControl works in a module that does not provide it.
    @Optional() private readonly callbackUris?: CallbackUris,
  ) {}

  /** Answers an incoming call (within the platform's 15 s); Graph answers `202`. */
  async answer(call: CallReference, options: AnswerCallOptions): Promise<void> {
    if (!options?.acceptedModalities?.length)
      throw new TypeError(
        'CallControl.answer: acceptedModalities must name at least one modality, e.g. ["audio"]',
      );
    await this.requests.act(call, 'answer', {
      callbackUri: options.callbackUri ?? this.callbackUris?.forAnsweredCall(),
      acceptedModalities: options.acceptedModalities,
      mediaConfig: options.mediaConfig ?? SERVICE_HOSTED_MEDIA,
      callOptions: options.callOptions && {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        ...options.callOptions,
      },
      participantCapacity: options.participantCapacity,
    });
    await this.records.register(call, { direction: 'incoming' });
  }

  /** Rejects an incoming call (`none`, `busy`, `forbidden`). */
  async reject(call: CallReference, options: RejectCallOptions): Promise<void> {
    await this.requests.act(call, 'reject', { ...options });
  }

  /** Redirects (forwards) an incoming call that is not answered yet. */
  async redirect(
    call: CallReference,
    options: RedirectCallOptions,
  ): Promise<void> {
    await this.requests.act(call, 'redirect', {
      targets: options.targets.map(invitation),
      timeout: options.timeout,
      callbackUri: options.callbackUri,
    });
  }

  /** Transfers an active call: blind, or consultative with `transferTarget.replacesCallId`. */
  async transfer(
    call: CallReference,
    options: TransferCallOptions,
  ): Promise<void> {
    const { replacesCallId } = options.transferTarget;
    if (replacesCallId != null && !isCallId(replacesCallId))
      throw new TypeError(
        'CallControl.transfer: transferTarget.replacesCallId is not a Graph call id',
      );
    await this.requests.act(call, 'transfer', {
      transferTarget: invitation(options.transferTarget),
      transferee: options.transferee && {
        '@odata.type': '#microsoft.graph.participantInfo',
        ...options.transferee,
      },
    });
  }

  /** Plays prompts; Graph answers `running`, a notification says when they played. */
  async playPrompt(
    call: CallReference,
    options: PlayPromptOptions,
  ): Promise<CallOperation<PlayPromptOperation>> {
    return this.requests.operate(call, 'playPrompt', options, {
      prompts: options.prompts.map(mediaPrompt),
    });
  }

  /**
   * Records the caller's answer (at most 2 minutes). The completion notification carries a
   * `recordingLocation` and `recordingAccessToken`: see `downloadRecording`.
   */
  async recordResponse(
    call: CallReference,
    options: RecordResponseOptions = {},
  ): Promise<CallOperation<RecordOperation>> {
    const { clientContext, prompts, ...settings } = options;
    return this.requests.operate(
      call,
      'recordResponse',
      { clientContext },
      {
        prompts: prompts?.map(mediaPrompt),
        ...settings,
      },
    );
  }

  /** Cancels running and queued playPrompt and recordResponse operations (each then fails). */
  async cancelMediaProcessing(
    call: CallReference,
    options?: OperationOptions,
  ): Promise<CallOperation<CancelMediaProcessingOperation>> {
    return this.requests.operate(call, 'cancelMediaProcessing', options);
  }

  /** Subscribes to DTMF tones; each tone comes as a call update carrying `toneInfo`. */
  async subscribeToTone(
    call: CallReference,
    options?: SubscribeToToneOptions,
  ): Promise<CallOperation<SubscribeToToneOperation>> {
    return this.requests.operate(call, 'subscribeToTone', options);
  }

  /** Sends DTMF tones into the call (e.g. to drive an IVR the bot called). */
  async sendDtmfTones(
    call: CallReference,
    options: SendDtmfTonesOptions,
  ): Promise<CallOperation<SendDtmfTonesOperation>> {
    if (!options?.tones?.length)
      throw new TypeError(
        'CallControl.sendDtmfTones: tones must name at least one tone',
      );
    const { clientContext, tones, delayBetweenTonesMs } = options;
    return this.requests.operate(
      call,
      'sendDtmfTones',
      { clientContext },
      {
        tones,
        delayBetweenTonesMs,
      },
    );
  }

  /** Mutes the bot itself in a group call. */
  async mute(
    call: CallReference,
    options?: OperationOptions,
  ): Promise<CallOperation<MuteParticipantOperation>> {
    return this.requests.operate(call, 'mute', options);
  }

  /** Unmutes the bot itself in a group call. */
  async unmute(
    call: CallReference,
    options?: OperationOptions,
  ): Promise<CallOperation<UnmuteParticipantOperation>> {
    return this.requests.operate(call, 'unmute', options);
  }

  /** Tells Graph whether the bot records (policy-based recording); required before recording. */
  async updateRecordingStatus(
    call: CallReference,
    options: UpdateRecordingStatusOptions,
  ): Promise<CallOperation<UpdateRecordingStatusOperation>> {
    const { clientContext, status } = options;
    return this.requests.operate(
      call,
      'updateRecordingStatus',
      { clientContext },
      {
        status,
      },
    );
  }

  /**
   * Keeps the call alive: Graph ends a call that got none for 45 minutes. The module does this
   * for the calls it answered or placed (`keepAlive` option); call it yourself with keepAlive off.
   * Graph answers `200` without body; a `GraphCallError` with status `404` means the call is gone.
   */
  async keepAlive(
    call: CallReference,
    options: KeepAliveRequestOptions = {},
  ): Promise<void> {
    await this.requests.act(call, 'keepAlive', undefined, options.signal);
    await this.records.touch(call);
  }

  /** The call as Graph knows it now (`GET /communications/calls/{id}`). */
  async get(call: CallReference): Promise<Call> {
    return this.requests.read<Call>(call);
  }

  /** Hangs up: `DELETE /communications/calls/{id}`; Graph answers `204`. */
  async hangUp(call: CallReference): Promise<void> {
    await this.requests.remove(call);
  }

  /** Places a call to Teams users (one, or several for a group call) or to a phone number. */
  async create(options: CreateCallOptions): Promise<CreatedCall> {
    return this.placement.create(options);
  }

  /**
   * Joins a Teams meeting from its join link (`meetup-join` or `/meet/`), in the link's tenant,
   * else in `tenantId`.
   */
  async joinMeeting(options: JoinMeetingOptions): Promise<CreatedCall> {
    return this.placement.joinMeeting(options);
  }

  /** Streams the recording of a completed `recordResponse` (the operation of its notification). */
  async downloadRecording(
    recording: RecordingLocation,
  ): Promise<RecordingDownload> {
    return downloadRecording(recording, this.options.graphRequestTimeoutMs);
  }
}
