import { Injectable, Optional } from '@nestjs/common';
import { CallbackUris } from '../affinity/callback-uris.service.js';
import { CallRecords } from '../calls/call-records.service.js';
import { CallbackUriRequiredError } from './call-control.errors.js';
import { CallRequests } from './call-requests.service.js';
import { createCallBody, joinMeetingBody } from './place-call-bodies.js';
import type {
  CreateCallOptions,
  CreatedCall,
  JoinMeetingOptions,
} from './place-call-requests.interface.js';
import { parseTeamsJoinLink } from './teams-join-link.js';

/** Places calls and joins meetings for `CallControl.create` and `CallControl.joinMeeting`. */
@Injectable()
export class CallPlacement {
  constructor(
    private readonly requests: CallRequests,
    private readonly records: CallRecords,
    // Optional so that call control works in a module that does not provide it.
    @Optional() private readonly callbackUris?: CallbackUris,
  ) {}

  async create(options: CreateCallOptions): Promise<CreatedCall> {
    if (!options?.targets?.length)
      throw new TypeError(
        'CallControl.create: targets must name at least one callee',
      );
    const body = createCallBody(options, this.callbackUri(options.callbackUri));
    return this.place(options.tenantId, body);
  }

  async joinMeeting(options: JoinMeetingOptions): Promise<CreatedCall> {
    const link = parseTeamsJoinLink(options?.joinLink);
    // The link names the meeting's tenant; a tenant given beside it may be a stale guess.
    const tenantId =
      (link.kind === 'meetup-join' ? link.tenantId : undefined) ??
      options.tenantId;
    if (tenantId === undefined)
      throw new TypeError(
        'CallControl.joinMeeting: this join link names no tenant; give tenantId',
      );
    const callbackUri = this.callbackUri(options.callbackUri);
    return this.place(
      tenantId,
      joinMeetingBody(link, options, callbackUri, tenantId),
    );
  }

  private async place(
    tenantId: string,
    body: Record<string, unknown>,
  ): Promise<CreatedCall> {
    const created = await this.requests.create(tenantId, body);
    const call: CreatedCall = { ...created, callId: created.id, tenantId };
    await this.records.register(call, {
      direction: 'outgoing',
      call: created,
    });
    return call;
  }

  // Graph needs a callbackUri to place a call; without one the request would only be refused.
  private callbackUri(given: string | undefined): string {
    const callbackUri = given ?? this.callbackUris?.forAnsweredCall();
    if (!callbackUri) throw new CallbackUriRequiredError();
    return callbackUri;
  }
}
