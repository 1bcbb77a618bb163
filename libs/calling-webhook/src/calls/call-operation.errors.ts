import type { ResultInfo } from '@microsoft/microsoft-graph-types';
import type { CallEnd } from './call-record.interface.js';

/** An awaited operation ended `failed` (a prompt that could not play, a cancelled recording, ...). */
export class OperationFailedError extends Error {
  constructor(
    /** The `clientContext` of the operation. */
    readonly clientContext: string,
    /** From its `@odata.type`: `playPrompt`, `record`, ... */
    readonly operationType: string | undefined,
    /** Why, as Graph reported it (`code`, `subcode`, `message`). */
    readonly resultInfo: ResultInfo | undefined,
  ) {
    const code = resultInfo?.code ?? 'no code';
    const subcode = resultInfo?.subcode ?? 0;
    super(
      `Operation ${operationType ?? 'of unknown type'} failed (${code}/${subcode}${resultInfo?.message ? `: ${resultInfo.message}` : ''}); clientContext ${clientContext}`,
    );
    this.name = 'OperationFailedError';
  }
}

/** No completion of an awaited operation arrived in time (the operation may still finish). */
export class OperationTimeoutError extends Error {
  constructor(
    readonly clientContext: string,
    readonly timeoutMs: number,
  ) {
    super(`No completion of operation ${clientContext} within ${timeoutMs} ms`);
    this.name = 'OperationTimeoutError';
  }
}

/** The call ended before what was awaited happened (an operation's completion). */
export class CallEndedError extends Error {
  constructor(
    readonly callId: string,
    /** Why the call ended. */
    readonly end: CallEnd,
  ) {
    super(
      `Call ${callId} ended (${end.reason}) before the operation completed`,
    );
    this.name = 'CallEndedError';
  }
}
