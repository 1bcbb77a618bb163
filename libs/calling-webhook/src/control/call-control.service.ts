import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import type {
  PlayPromptOperation,
  SubscribeToToneOperation,
} from '@microsoft/microsoft-graph-types';
import { CallbackUris } from '../affinity/callback-uris.service.js';
import type {
  AnswerCallOptions,
  PlayPromptOptions,
  RedirectCallOptions,
  RejectCallOptions,
  SubscribeToToneOptions,
  TransferCallOptions,
  InvitationTarget,
} from './call-control-requests.interface.js';
import type { CallReference } from './call-reference.interface.js';
import { GraphHttpClient } from './graph-http-client.js';
import { isTenantId } from './tenant-id.js';

const SERVICE_HOSTED_MEDIA = '#microsoft.graph.serviceHostedMediaConfig';

/**
 * Acts on calls through the Graph communications API, in the call's tenant, with the app's
 * credentials: answer, reject, redirect, transfer, play a prompt, listen to tones, hang up.
 * Pass an event of this module (or any `{ callId, tenantId }`) as the call.
 */
@Injectable()
export class CallControl {
  constructor(
    private readonly graph: GraphHttpClient,
    // Optional so that CallControl works in a module that does not provide it.
    @Optional() private readonly callbackUris?: CallbackUris,
  ) {}

  /** Answers an incoming call (within the platform's 15 s); Graph answers `202`. */
  async answer(call: CallReference, options: AnswerCallOptions): Promise<void> {
    if (!options?.acceptedModalities?.length)
      throw new TypeError(
        'CallControl.answer: acceptedModalities must name at least one modality, e.g. ["audio"]',
      );
    await this.post(call, 'answer', {
      callbackUri: options.callbackUri ?? this.defaultCallbackUri(),
      acceptedModalities: options.acceptedModalities,
      mediaConfig: options.mediaConfig ?? {
        '@odata.type': SERVICE_HOSTED_MEDIA,
      },
      callOptions: options.callOptions && {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        ...options.callOptions,
      },
      participantCapacity: options.participantCapacity,
    });
  }

  /** Rejects an incoming call (`none`, `busy`, `forbidden`). */
  async reject(call: CallReference, options: RejectCallOptions): Promise<void> {
    await this.post(call, 'reject', {
      reason: options.reason,
      callbackUri: options.callbackUri,
    });
  }

  /** Redirects (forwards) an incoming call that is not answered yet. */
  async redirect(
    call: CallReference,
    options: RedirectCallOptions,
  ): Promise<void> {
    await this.post(call, 'redirect', {
      targets: options.targets.map(invitation),
      timeout: options.timeout,
      callbackUri: options.callbackUri,
    });
  }

  /** Transfers an active call (blind, or consultative with `transferee`). */
  async transfer(
    call: CallReference,
    options: TransferCallOptions,
  ): Promise<void> {
    await this.post(call, 'transfer', {
      transferTarget: invitation(options.transferTarget),
      transferee: options.transferee && invitation(options.transferee),
    });
  }

  /** Plays prompts in a call with service-hosted media; completion comes as an operation notification. */
  async playPrompt(
    call: CallReference,
    options: PlayPromptOptions,
  ): Promise<PlayPromptOperation | undefined> {
    return this.post<PlayPromptOperation>(call, 'playPrompt', {
      clientContext: options.clientContext ?? randomUUID(),
      prompts: options.prompts.map((prompt) => ({
        '@odata.type': '#microsoft.graph.mediaPrompt',
        ...prompt,
        mediaInfo: prompt.mediaInfo && {
          '@odata.type': '#microsoft.graph.mediaInfo',
          ...prompt.mediaInfo,
        },
      })),
    });
  }

  /** Subscribes to DTMF tones; each tone comes as a call update carrying `toneInfo`. */
  async subscribeToTone(
    call: CallReference,
    options: SubscribeToToneOptions = {},
  ): Promise<SubscribeToToneOperation | undefined> {
    return this.post<SubscribeToToneOperation>(call, 'subscribeToTone', {
      clientContext: options.clientContext ?? randomUUID(),
    });
  }

  /** Hangs up: `DELETE /communications/calls/{id}`; Graph answers `204`. */
  async hangUp(call: CallReference): Promise<void> {
    await this.graph.send({
      tenantId: checked(call).tenantId,
      method: 'DELETE',
      path: callPath(call),
    });
  }

  // Without a known URL, Graph sends the call's notifications to the bot's registered webhook.
  private defaultCallbackUri(): string | undefined {
    return this.callbackUris?.forAnsweredCall();
  }

  private post<T>(
    call: CallReference,
    action: string,
    body: Record<string, unknown>,
  ): Promise<T | undefined> {
    return this.graph.send<T>({
      tenantId: checked(call).tenantId,
      method: 'POST',
      path: `${callPath(call)}/${action}`,
      body: withoutUndefined(body),
    });
  }
}

function checked(call: CallReference): CallReference {
  if (typeof call?.callId !== 'string' || call.callId.length === 0)
    throw new TypeError('CallControl: the call has no callId');
  if (!isTenantId(call.tenantId))
    throw new TypeError(
      'CallControl: the call has no usable tenantId (a tenant GUID or domain)',
    );
  return call;
}

function callPath(call: CallReference): string {
  return `/communications/calls/${encodeURIComponent(call.callId)}`;
}

function invitation(target: InvitationTarget): InvitationTarget {
  return {
    '@odata.type': '#microsoft.graph.invitationParticipantInfo',
    ...target,
  };
}

// Graph reads an absent property as "not given"; `undefined` must not become `null` or a key.
function withoutUndefined(
  record: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  );
}
