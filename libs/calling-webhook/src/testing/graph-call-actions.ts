import { graphError, type GraphAnswer } from './graph-answer.js';
import { startOperation, startsOperation } from './graph-operations.js';
import { participantResource } from './graph-notifications.js';
import type { GraphRoute } from './graph-route.js';
import { callResource, type LocalGraphCall } from './local-graph-call.js';

const STATES_AFTER: Readonly<Record<string, LocalGraphCall['state']>> = {
  answer: 'establishing',
  reject: 'rejected',
  redirect: 'redirected',
};
const RECORDING_STATUSES = new Set(['notRecording', 'recording', 'failed']);

/**
 * Acts on a known, live call as Graph does: call actions `202`, operations their operation,
 * keepAlive `200` without body, reads `200`, removals `204`; a request Graph would refuse `400`.
 */
export function actOnCall(
  call: LocalGraphCall,
  method: string,
  route: GraphRoute,
  body: unknown,
  baseUrl: string,
): GraphAnswer {
  const action = route.action ?? '';
  if (method === 'GET' && action === 'get')
    return { status: 200, body: callResource(call) };
  if (method === 'GET' && action === 'listParticipants')
    return {
      status: 200,
      body: { value: call.roster.map((p, i) => participantResource(p, i)) },
    };
  if (method === 'DELETE' && action === 'removeParticipant') {
    const index = call.roster.findIndex((p) => p.id === route.participantId);
    if (index < 0)
      return graphError(404, `Participant ${route.participantId} not found.`);
    call.roster.splice(index, 1);
    return { status: 204 };
  }
  if (method !== 'POST')
    return graphError(400, `Unsupported ${method} ${action}.`);
  // keepAlive takes no body (v1.0 reference: "Don't supply a request body").
  if (action === 'keepAlive') {
    call.keepAlives.push(Date.now());
    return { status: 200 };
  }
  if (typeof body !== 'object' || body === null)
    return graphError(400, 'The request body must be a JSON object.');
  const request = body as Record<string, unknown>;
  const problem = requestProblem(action, request);
  if (problem) return graphError(400, problem);
  if (action in STATES_AFTER) {
    call.state = STATES_AFTER[action];
    if (action === 'answer' && typeof request.callbackUri === 'string')
      call.callbackUri = request.callbackUri;
    return { status: 202 };
  }
  if (action === 'transfer') return { status: 202 };
  if (!startsOperation(action))
    return graphError(400, `Unsupported POST ${action}.`);
  const muted = muteTarget(call, action, route.participantId);
  if (muted === undefined)
    return graphError(404, `Participant ${route.participantId} not found.`);
  if (muted) muted.participant.isMuted = muted.isMuted;
  return startOperation(call, action, request, baseUrl);
}

// Who a mute or unmute is about (the bot for its own); `null` for other actions.
function muteTarget(
  call: LocalGraphCall,
  action: string,
  participantId: string | undefined,
) {
  if (action !== 'mute' && action !== 'unmute' && action !== 'muteParticipant')
    return null;
  const id =
    action === 'muteParticipant' ? participantId : call.myParticipantId;
  const participant = call.roster.find((p) => p.id === id);
  return participant && { participant, isMuted: action !== 'unmute' };
}

// The checks Graph makes of the bodies the bot sends (the v1.0 reference's required fields).
function requestProblem(
  action: string,
  body: Record<string, unknown>,
): string | undefined {
  const nonEmpty = (field: string) =>
    Array.isArray(body[field]) && (body[field] as unknown[]).length > 0;
  if (action === 'answer' && !nonEmpty('acceptedModalities'))
    return 'acceptedModalities is required.';
  if (action === 'redirect' && !nonEmpty('targets'))
    return 'targets is required.';
  if (action === 'transfer' && typeof body.transferTarget !== 'object')
    return 'transferTarget is required.';
  if (action === 'playPrompt' && !nonEmpty('prompts'))
    return 'prompts is required.';
  if (
    action === 'recordResponse' &&
    Array.isArray(body.prompts) &&
    body.prompts.length > 1
  )
    return 'recordResponse takes at most one prompt.';
  if (action === 'sendDtmfTones' && !nonEmpty('tones'))
    return 'tones is required.';
  if (action === 'invite' && !nonEmpty('participants'))
    return 'participants is required.';
  if (
    action === 'updateRecordingStatus' &&
    !RECORDING_STATUSES.has(String(body.status))
  )
    return 'status must be notRecording, recording or failed.';
  if (typeof body.clientContext === 'string' && body.clientContext.length > 256)
    return 'clientContext is limited to 256 characters.';
  return undefined;
}
