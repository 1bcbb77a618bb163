import { Inject, Injectable } from '@nestjs/common';
import type { ToneInfo } from '@microsoft/microsoft-graph-types';
import { callKeyOf } from '../protocol/call-id.js';
import type { CallRecord } from './call-record.interface.js';
import { CallRecords } from './call-records.service.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';
import { LiveCalls } from './live-calls.js';

/** What `CallRegistry.nextTone` takes. */
export interface ToneWaitOptions {
  /**
   * How long to wait, in milliseconds; then the wait ends with `undefined`.
   * @default the module's `idleCallTtlMs` (2 hours)
   */
  timeoutMs?: number;
}

/**
 * The calls the module knows, as state: one `CallRecord` per call (its state, merged `Call`,
 * roster, pending operations, why it ended), kept from the call's first notification (or from
 * answering or placing it) until a grace period after it ended.
 */
@Injectable()
export class CallRegistry {
  constructor(
    private readonly records: CallRecords,
    private readonly liveCalls: LiveCalls,
    @Inject(CALLS_OPTIONS) private readonly options: ResolvedCallsOptions,
  ) {}

  /** The record of a call (its id in any form Graph writes it), or `undefined` when unknown. */
  get(callId: string): Promise<CallRecord | undefined> {
    return this.records.get(callId);
  }

  /**
   * Resolves with the next DTMF tone of the call as soon as its notification arrives, ahead of
   * the call's queue (like an operation's completion), so that a handler of the same call may
   * wait for a key press; `@OnToneReceived` handlers still get the tone in its turn. Resolves
   * with `undefined` when the call ends or `timeoutMs` passes first; never rejects (without call
   * state it throws at once). Call it
   * before what the tone answers (e.g. before `subscribeToTone`), so that no tone is missed.
   */
  nextTone(
    call: { readonly callId: string },
    options: ToneWaitOptions = {},
  ): Promise<ToneInfo | undefined> {
    // Thrown here, not as a rejection: a wait made early and awaited later would otherwise be an
    // unhandled rejection before anyone awaits it.
    if (!this.options.enabled)
      throw new Error(
        'CallRegistry.nextTone() needs call state: remove callState: false from the CallingWebhookModule options',
      );
    return this.liveCalls
      .of(callKeyOf(call.callId))
      .nextTone(options.timeoutMs ?? this.options.idleCallTtlMs);
  }
}
