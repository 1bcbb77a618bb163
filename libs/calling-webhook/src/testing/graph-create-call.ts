import { randomUUID } from 'node:crypto';
import { graphError, type GraphAnswer } from './graph-answer.js';
import type { CallIdentity } from './graph-notifications.js';
import {
  callResource,
  newLocalGraphCall,
  rosterEntryOf,
  type LocalGraphCall,
} from './local-graph-call.js';

/** Who asked: the tenant and client of the bearer token, when a token endpoint checks them. */
export interface GraphCaller {
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
}

/**
 * `POST /communications/calls` as Graph answers it: `201` with the call (`establishing`,
 * `outgoing`, an id) and `Location`; `400` without a `callbackUri` or without anyone to call.
 */
export function createCall(
  body: unknown,
  caller: GraphCaller,
  baseUrl: string,
): { answer: GraphAnswer; call?: LocalGraphCall } {
  if (typeof body !== 'object' || body === null)
    return {
      answer: graphError(400, 'The request body must be a JSON object.'),
    };
  const request = body as Record<string, unknown>;
  if (typeof request.callbackUri !== 'string' || request.callbackUri === '')
    return {
      answer: graphError(400, 'callbackUri is required to create a call.'),
    };
  const targets = Array.isArray(request.targets) ? request.targets : [];
  if (targets.length === 0 && typeof request.meetingInfo !== 'object')
    return { answer: graphError(400, 'A call needs targets or meetingInfo.') };
  const tenantId =
    typeof request.tenantId === 'string' ? request.tenantId : caller.tenantId;
  if (!tenantId) return { answer: graphError(400, 'tenantId is required.') };
  if (caller.tenantId && caller.tenantId !== tenantId)
    return {
      answer: graphError(403, 'The token is for another tenant than the call.'),
    };
  const call = newLocalGraphCall({
    id: randomUUID(),
    tenantId,
    direction: 'outgoing',
    bot: sourceIdentity(request.source) ?? {
      id: caller.clientId ?? randomUUID(),
      displayName: 'Bot',
    },
    others: [
      ...targets.flatMap((t) =>
        rosterEntryOf((t as Record<string, unknown>)?.identity),
      ),
      ...rosterEntryOf(
        (request.meetingInfo as Record<string, unknown>)?.organizer,
      ),
    ],
    callbackUri: request.callbackUri,
    placedWith: request,
  });
  return {
    call,
    answer: {
      status: 201,
      headers: { location: `${baseUrl}/communications/calls/${call.id}` },
      body: {
        ...callResource(call),
        callChainId: randomUUID(),
        source: request.source ?? {
          '@odata.type': '#microsoft.graph.participantInfo',
          identity: { application: { id: caller.clientId ?? null } },
        },
      },
    },
  };
}

function sourceIdentity(source: unknown): CallIdentity | undefined {
  const identity = (source as { identity?: unknown } | undefined)?.identity;
  return rosterEntryOf(identity)[0]?.identity;
}
