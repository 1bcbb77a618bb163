import { Inject, Injectable } from '@nestjs/common';
import type { CommsOperation } from '@microsoft/microsoft-graph-types';
import type { CallOperation } from '../control/call-operation.interface.js';
import type { CallReference } from '../control/call-reference.interface.js';
import { normaliseResultInfo } from '../events/parsing/normalise-enums.js';
import { operationTypeOf } from '../events/parsing/operation-type.js';
import { callKeyOf } from '../protocol/call-id.js';
import { OperationFailedError } from './call-operation.errors.js';
import { CallRecords } from './call-records.service.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';
import { LiveCalls } from './live-calls.js';
import { PendingOperation } from './pending-operation.js';

/** How long `completed()` waits unless told otherwise. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 300_000;

type AnsweredOperation = CommsOperation & { '@odata.type'?: string };

/**
 * Follows the operations the app starts, from just before the request (the completion may
 * arrive before Graph's answer does) to their completion, and makes the handles
 * (`CallOperation`) `CallControl` returns.
 */
@Injectable()
export class OperationTracking {
  constructor(
    private readonly liveCalls: LiveCalls,
    private readonly records: CallRecords,
    @Inject(CALLS_OPTIONS) private readonly options: ResolvedCallsOptions,
  ) {}

  /** Starts awaiting the operation about to be requested; `undefined` without call state. */
  expect(
    call: CallReference,
    clientContext: string,
  ): PendingOperation | undefined {
    if (!this.options.enabled) return undefined;
    const key = callKeyOf(call.callId);
    const pending = new PendingOperation(key, clientContext);
    this.liveCalls.of(key).track(pending, this.options.idleCallTtlMs);
    return pending;
  }

  /** The request failed: there is nothing to await. */
  abandon(pending: PendingOperation): void {
    this.liveCalls.find(pending.callKey)?.untrack(pending);
  }

  /**
   * Graph answered the request with `operation`: one it reports finished settles at once, a
   * running one is written to the call's record. Resolves with the handle.
   */
  async started<T extends CommsOperation>(
    call: CallReference,
    pending: PendingOperation | undefined,
    operation: T | undefined,
    clientContext: string,
  ): Promise<CallOperation<T>> {
    const answered = (operation ?? {}) as T & AnsweredOperation;
    if (pending) await this.follow(call, pending, answered);
    return {
      ...answered,
      clientContext,
      completed: (options) =>
        pending
          ? pending.completed<T>(
              options?.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
            )
          : Promise.reject(
              new Error(
                'CallOperation.completed() needs call state: remove callState: false from the CallingWebhookModule options',
              ),
            ),
    };
  }

  private async follow(
    call: CallReference,
    pending: PendingOperation,
    operation: AnsweredOperation,
  ): Promise<void> {
    pending.identify(operation.id);
    const status = String(operation.status ?? '').toLowerCase();
    if (status === 'completed' || status === 'failed') {
      pending.settle(
        status === 'completed'
          ? { ok: true, operation }
          : {
              ok: false,
              error: new OperationFailedError(
                pending.clientContext,
                operationTypeOf(operation['@odata.type']),
                normaliseResultInfo(operation.resultInfo),
              ),
            },
      );
      this.abandon(pending);
      return;
    }
    await this.records.addOperation(
      call,
      {
        clientContext: pending.clientContext,
        operationId: operation.id ?? undefined,
        odataType: operation['@odata.type'],
        startedAt: pending.startedAt,
      },
      () => !pending.settled,
    );
  }
}
