import { Injectable } from '@nestjs/common';
import type {
  InviteParticipantsOperation,
  MuteParticipantOperation,
  Participant,
  StartHoldMusicOperation,
  StopHoldMusicOperation,
} from '@microsoft/microsoft-graph-types';
import type { CallOperation } from './call-operation.interface.js';
import type { CallReference } from './call-reference.interface.js';
import { CallRequests } from './call-requests.service.js';
import { isCallId } from '../protocol/call-id.js';
import { invitation, mediaPrompt } from './graph-bodies.js';
import type { OperationOptions } from './media-requests.interface.js';
import type {
  InviteParticipantsOptions,
  StartHoldMusicOptions,
} from './participant-requests.interface.js';

/**
 * The participants of a call (`/communications/calls/{id}/participants`): list, invite, mute,
 * remove, hold music. Also reachable as `CallControl.participants`.
 */
@Injectable()
export class CallParticipants {
  constructor(private readonly requests: CallRequests) {}

  /** The call's roster (`GET .../participants`). */
  async list(call: CallReference): Promise<Participant[]> {
    const page = await this.requests.read<{ value?: Participant[] }>(
      call,
      'participants',
    );
    return page.value ?? [];
  }

  /** Invites participants into a group call; the roster changes when they join. */
  async invite(
    call: CallReference,
    options: InviteParticipantsOptions,
  ): Promise<CallOperation<InviteParticipantsOperation>> {
    if (!options?.participants?.length)
      throw new TypeError(
        'CallParticipants.invite: participants must name at least one participant',
      );
    return this.requests.operate(call, 'participants/invite', options, {
      participants: options.participants.map(invitation),
    });
  }

  /** Server-mutes a participant of a group call (Graph answers `completed` at once). */
  async mute(
    call: CallReference,
    participantId: string,
    options?: OperationOptions,
  ): Promise<CallOperation<MuteParticipantOperation>> {
    return this.requests.operate(
      call,
      participantPath(participantId, 'mute'),
      options,
    );
  }

  /** Removes a participant from the call (`DELETE .../participants/{id}`); Graph answers `204`. */
  async remove(call: CallReference, participantId: string): Promise<void> {
    return this.requests.remove(call, participantPath(participantId));
  }

  /** Puts a participant on hold, with music (one participant at a time). */
  async startHoldMusic(
    call: CallReference,
    participantId: string,
    options: StartHoldMusicOptions = {},
  ): Promise<CallOperation<StartHoldMusicOperation>> {
    return this.requests.operate(
      call,
      participantPath(participantId, 'startHoldMusic'),
      options,
      {
        customPrompt: options.customPrompt && mediaPrompt(options.customPrompt),
      },
    );
  }

  /** Takes a participant off hold. */
  async stopHoldMusic(
    call: CallReference,
    participantId: string,
    options?: OperationOptions,
  ): Promise<CallOperation<StopHoldMusicOperation>> {
    return this.requests.operate(
      call,
      participantPath(participantId, 'stopHoldMusic'),
      options,
    );
  }
}

function participantPath(participantId: string, action?: string): string {
  if (!isCallId(participantId))
    throw new TypeError(
      'CallParticipants: the participant id is not a Graph participant id (1 to 128 letters, digits, "-" or "_")',
    );
  return action
    ? `participants/${participantId}/${action}`
    : `participants/${participantId}`;
}
