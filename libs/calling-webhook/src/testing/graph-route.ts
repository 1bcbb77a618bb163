/** What a request to the fake Graph is about. */
export interface GraphRoute {
  /**
   * `create`, `get`, `delete`, a call action (`answer`, `keepAlive`, ...), `listParticipants`,
   * `invite`, `muteParticipant`, `removeParticipant`, `startHoldMusic`, `stopHoldMusic`;
   * `undefined` for a path Graph has no resource at.
   */
  readonly action: string | undefined;
  readonly callId: string | undefined;
  readonly participantId: string | undefined;
}

const CALLS = /^\/communications\/calls(?:\/([^/]+)(?:\/(.+))?)?$/;
const PARTICIPANT =
  /^participants\/([^/]+)(?:\/(mute|startHoldMusic|stopHoldMusic))?$/;
const PARTICIPANT_ACTIONS: Readonly<Record<string, string>> = {
  mute: 'muteParticipant',
  startHoldMusic: 'startHoldMusic',
  stopHoldMusic: 'stopHoldMusic',
};

/** Reads the route of `path` (under the base URL, e.g. `/communications/calls/{id}/answer`). */
export function graphRoute(method: string, path: string): GraphRoute {
  const match = CALLS.exec(path);
  if (!match)
    return { action: undefined, callId: undefined, participantId: undefined };
  const callId = match[1] === undefined ? undefined : decoded(match[1]);
  const under = match[2];
  if (callId === undefined)
    return {
      action: method === 'POST' ? 'create' : undefined,
      callId,
      participantId: undefined,
    };
  if (under === undefined)
    return {
      action:
        method === 'DELETE' ? 'delete' : method === 'GET' ? 'get' : undefined,
      callId,
      participantId: undefined,
    };
  if (under === 'participants')
    return { action: 'listParticipants', callId, participantId: undefined };
  if (under === 'participants/invite')
    return { action: 'invite', callId, participantId: undefined };
  const participant = PARTICIPANT.exec(under);
  if (participant)
    return {
      action: participant[2]
        ? PARTICIPANT_ACTIONS[participant[2]]
        : 'removeParticipant',
      callId,
      participantId: decoded(participant[1]),
    };
  return {
    action: /^[A-Za-z]+$/.test(under) ? under : undefined,
    callId,
    participantId: undefined,
  };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
