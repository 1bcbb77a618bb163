import { randomUUID } from 'node:crypto';
import type { GraphAnswer } from './graph-answer.js';
import type { ResultInfoInput } from './graph-notifications.js';
import {
  participant,
  rosterEntryOf,
  type LocalGraphCall,
  type LocalGraphOperation,
} from './local-graph-call.js';
import type { LocalRecordings } from './local-recordings.js';

// The operation type of each action, and how Graph answers it (v1.0 reference): media operations
// and invitations run on (`200`, hold music `202`) until a notification says they ended; the
// others are `completed` in the answer and send no completion notification.
const OPERATIONS: Readonly<
  Record<string, { type: string; status: number; running: boolean }>
> = {
  playPrompt: { type: 'playPrompt', status: 200, running: true },
  recordResponse: { type: 'record', status: 200, running: true },
  sendDtmfTones: { type: 'sendDtmfTones', status: 200, running: true },
  invite: { type: 'inviteParticipants', status: 200, running: true },
  startHoldMusic: { type: 'startHoldMusic', status: 202, running: true },
  stopHoldMusic: { type: 'stopHoldMusic', status: 202, running: true },
  subscribeToTone: { type: 'subscribeToTone', status: 200, running: false },
  cancelMediaProcessing: {
    type: 'cancelMediaProcessing',
    status: 200,
    running: false,
  },
  mute: { type: 'muteParticipant', status: 200, running: false },
  unmute: { type: 'unmuteParticipant', status: 200, running: false },
  muteParticipant: { type: 'muteParticipant', status: 200, running: false },
  updateRecordingStatus: {
    type: 'updateRecordingStatus',
    status: 200,
    running: false,
  },
};

// What cancelMediaProcessing cancels (it leaves subscribeToTone alone).
const MEDIA_TYPES = new Set(['playPrompt', 'record']);

/** True for an action that starts an operation. */
export function startsOperation(action: string): boolean {
  return action in OPERATIONS;
}

/** Starts the operation of `action` and answers as Graph does, `Location` included. */
export function startOperation(
  call: LocalGraphCall,
  action: string,
  request: Record<string, unknown>,
  baseUrl: string,
): GraphAnswer {
  const { type, status, running } = OPERATIONS[action];
  const clientContext =
    typeof request.clientContext === 'string'
      ? request.clientContext
      : undefined;
  const failure = call.failures.findIndex((f) => f.type === type);
  const failWith =
    failure < 0 ? undefined : call.failures.splice(failure, 1)[0].resultInfo;
  const operation: LocalGraphOperation = {
    id: randomUUID(),
    type,
    clientContext,
    status: running ? 'running' : failWith ? 'failed' : 'completed',
    startedAt: Date.now(),
    endedAt: running ? undefined : Date.now(),
    request,
    failWith,
  };
  call.operations.push(operation);
  return {
    status,
    headers: {
      location: `${baseUrl}/communications/calls/${call.id}/operations/${operation.id}`,
    },
    body: {
      '@odata.type': `#microsoft.graph.${type}Operation`,
      id: operation.id,
      status: operation.status,
      clientContext: clientContext ?? null,
      resultInfo: !running && failWith ? { ...failWith } : null,
      ...(type === 'record' ? { recordingLocation: null } : {}),
      ...(type === 'inviteParticipants'
        ? { participants: request.participants }
        : {}),
    },
  };
}

/** How an operation ended, as its completion notification says it. */
export interface OperationOutcome {
  readonly operation: LocalGraphOperation;
  readonly resultInfo: ResultInfoInput;
  /** Type-specific fields of the notification (`recordingLocation`, `participants`, ...). */
  readonly details: Record<string, unknown>;
}

/**
 * Ends a running operation successfully: a record operation gets its recording, an invitation
 * adds the invited to the roster. `undefined` when it is not running any more (cancelled).
 */
export function completeOperation(
  call: LocalGraphCall,
  operationId: string,
  recordings: LocalRecordings,
): OperationOutcome | undefined {
  const operation = call.operations.find((o) => o.id === operationId);
  if (
    !operation ||
    operation.status !== 'running' ||
    call.state === 'terminated'
  )
    return undefined;
  operation.endedAt = Date.now();
  if (operation.failWith) {
    operation.status = 'failed';
    return {
      operation,
      resultInfo: operation.failWith,
      details:
        operation.type === 'record'
          ? { recordingLocation: '', recordingAccessToken: '' }
          : {},
    };
  }
  operation.status = 'completed';
  if (operation.type === 'record')
    return {
      operation,
      // As on the call-record page: the recording stopped at its maximum duration.
      resultInfo: {
        code: 200,
        subcode: 8515,
        message: 'Action completed, max record duration reached.',
      },
      details: recordings.create(call.id),
    };
  if (operation.type === 'inviteParticipants') {
    const invited = Array.isArray(operation.request.participants)
      ? (operation.request.participants as Record<string, unknown>[])
      : [];
    call.roster.push(
      ...invited.flatMap((i) => rosterEntryOf(i.identity)).map(participant),
    );
    return {
      operation,
      resultInfo: completed(),
      details: { participants: invited },
    };
  }
  return {
    operation,
    resultInfo: completed(),
    details:
      operation.type === 'sendDtmfTones'
        ? { completionReason: 'completedSuccessfully' }
        : {},
  };
}

/** Fails every running playPrompt and recordResponse, as cancelMediaProcessing does. */
export function cancelMediaOperations(
  call: LocalGraphCall,
): OperationOutcome[] {
  return call.operations
    .filter((o) => o.status === 'running' && MEDIA_TYPES.has(o.type))
    .map((operation) => {
      operation.status = 'failed';
      operation.endedAt = Date.now();
      return {
        operation,
        // As on the call-cancelmediaprocessing page.
        resultInfo: {
          code: 400,
          subcode: 8508,
          message: 'Action failed, the operation was cancelled.',
        },
        details:
          operation.type === 'record'
            ? {
                recordingLocation: '',
                recordingAccessToken: '',
                completionReason: 'operationCanceled',
              }
            : { completionReason: 'mediaOperationCanceled' },
      };
    });
}

function completed(): ResultInfoInput {
  return { code: 200, subcode: 0, message: 'Action completed successfully.' };
}
