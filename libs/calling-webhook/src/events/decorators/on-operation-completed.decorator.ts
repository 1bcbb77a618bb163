import type { CommsOperation } from '@microsoft/microsoft-graph-types';
import type { OperationCompletedEvent } from '../call-events.interface.js';
import { operationKey } from '../parsing/operation-type.js';
import { isOperationCompleted } from './call-event-matchers.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_LIVE } from '../dispatch/handler-gates.js';

/**
 * Runs the method when an operation finishes (`.../operations/{id}`), optionally only for the
 * given types, matched from `@odata.type` case-insensitively: `'playPrompt'`, `'record'`,
 * `'invite'`, `'subscribeToTone'`, ... (`'playPromptOperation'` or the full type work too).
 */
export function OnOperationCompleted<
  TOperation extends CommsOperation = CommsOperation,
>(
  type?: string | readonly string[],
): CallEventDecorator<OperationCompletedEvent<TOperation>> {
  const names =
    type === undefined ? undefined : typeof type === 'string' ? [type] : type;
  const wanted = names && new Set(names.map(operationKey));
  return subscribeToCallEvents({
    gate: GATE_LIVE,
    decorator: `@OnOperationCompleted(${names ? names.map((n) => `'${n}'`).join(', ') : ''})`,
    matches: (event) => isOperationCompleted(event, wanted),
  });
}
