import type { CommsOperation } from '@microsoft/microsoft-graph-types';

/**
 * An operation a `CallControl` method started: what Graph answered (`id`, `status` `running`
 * or already `completed`, ...) with the `clientContext` sent. Graph echoes that `clientContext`
 * in the completion notification, whose operation id it re-formats: correlate by it.
 */
export type CallOperation<T extends CommsOperation = CommsOperation> = T & {
  readonly clientContext: string;
  /** The operation's type, e.g. `#microsoft.graph.recordOperation`. */
  readonly '@odata.type'?: string;
};
