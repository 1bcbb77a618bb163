import type { CommsOperation } from '@microsoft/microsoft-graph-types';

/** What `CallOperation.completed()` takes. */
export interface OperationWaitOptions {
  /**
   * How long to wait for the completion, in milliseconds; then `OperationTimeoutError` (the
   * operation may still finish). Give more for long prompts.
   * @default 300_000 (5 minutes)
   */
  timeoutMs?: number;
}

/**
 * An operation a `CallControl` method started: what Graph answered (`id`, `status` `running`
 * or already `completed`, ...) with the `clientContext` sent, and `completed()` to await its end.
 * Graph echoes that `clientContext` in the completion notification, whose operation id it
 * re-formats: completions are correlated by it.
 */
export type CallOperation<T extends CommsOperation = CommsOperation> = T & {
  readonly clientContext: string;
  /** The operation's type, e.g. `#microsoft.graph.recordOperation`. */
  readonly '@odata.type'?: string;
  /**
   * Resolves with the operation as its completion notification reports it (`status`,
   * `resultInfo`, for a recording `recordingLocation` and `recordingAccessToken`) as soon as that
   * notification arrives, ahead of the call's queue, so a handler of the same call may await it.
   * Rejects with `OperationFailedError` when it failed, `OperationTimeoutError` after
   * `timeoutMs`, `CallEndedError` when the call ended first. An operation Graph answered
   * `completed` (or `failed`) settles at once. Needs call state (`callState` on).
   */
  completed(options?: OperationWaitOptions): Promise<T>;
};
