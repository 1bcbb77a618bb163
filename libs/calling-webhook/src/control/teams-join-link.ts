import { isTenantId } from './tenant-id.js';
import { TeamsJoinLinkError } from './teams-join-link.error.js';

/** What a Teams join link says, in the form Graph's `POST /communications/calls` wants it. */
export type TeamsJoinLink =
  | {
      /** `https://teams.microsoft.com/l/meetup-join/{thread}/{message}?context={"Tid","Oid"}`. */
      readonly kind: 'meetup-join';
      readonly threadId: string;
      readonly messageId: string;
      /** The context's `MessageId`, present in links to a channel meeting's reply chain. */
      readonly replyChainMessageId: string | undefined;
      /** The organizer's Microsoft Entra object id (`Oid`). */
      readonly organizerId: string;
      /** The meeting's tenant (`Tid`), when the link names it. */
      readonly tenantId: string | undefined;
    }
  | {
      /** `https://teams.microsoft.com/meet/{joinMeetingId}?p={passcode}`. */
      readonly kind: 'meet';
      readonly joinMeetingId: string;
      readonly passcode: string | undefined;
    };

// The commercial cloud's host, and GCC High's and DoD's (gov. and dod.teams.microsoft.us).
const TEAMS_HOST =
  /^(?:teams\.microsoft\.com|(?:gov|dod)\.teams\.microsoft\.us)$/i;
const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
// `19:meeting_{base64}@thread.v2`, older `19:{hex}@thread.skype`, channels `@thread.tacv2`.
const THREAD = /^19:[A-Za-z0-9_.=+/-]{1,200}@thread\.[a-z0-9]{1,10}$/;
const DIGITS = /^\d{1,32}$/;

/**
 * Reads a Teams meeting join link (pure). The long form gives the chat thread and the organizer
 * (`chatInfo` + `organizerMeetingInfo`); the short form gives the join meeting id and passcode
 * (`joinMeetingIdMeetingInfo`). Anything else throws a `TeamsJoinLinkError`.
 */
export function parseTeamsJoinLink(link: string): TeamsJoinLink {
  if (typeof link !== 'string' || link.trim() === '')
    throw new TeamsJoinLinkError('the link is empty');
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new TeamsJoinLinkError('not an absolute URL');
  }
  if (url.protocol !== 'https:' || !TEAMS_HOST.test(url.hostname))
    throw new TeamsJoinLinkError('not an https link to a Teams host');
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0]?.toLowerCase() === 'meet') return meetLink(url, segments);
  if (
    segments[0]?.toLowerCase() === 'l' &&
    segments[1]?.toLowerCase() === 'meetup-join'
  )
    return meetupJoinLink(url, segments);
  throw new TeamsJoinLinkError('neither a /l/meetup-join/ nor a /meet/ link');
}

function meetLink(url: URL, segments: string[]): TeamsJoinLink {
  const joinMeetingId = segments[1];
  if (segments.length !== 2 || !DIGITS.test(joinMeetingId))
    throw new TeamsJoinLinkError('a /meet/ link needs a numeric meeting id');
  return { kind: 'meet', joinMeetingId, passcode: rawQueryValue(url, 'p') };
}

function meetupJoinLink(url: URL, segments: string[]): TeamsJoinLink {
  if (segments.length !== 4)
    throw new TeamsJoinLinkError(
      'a meetup-join link needs a thread and a message id',
    );
  const threadId = decoded(segments[2]);
  const messageId = decoded(segments[3]);
  if (!THREAD.test(threadId))
    throw new TeamsJoinLinkError('the meeting thread id is malformed');
  if (!DIGITS.test(messageId))
    throw new TeamsJoinLinkError('the meeting message id is malformed');
  const context = readContext(url.searchParams.get('context'));
  if (typeof context.Oid !== 'string' || !GUID.test(context.Oid))
    throw new TeamsJoinLinkError('the context has no organizer id (Oid)');
  const { Tid, MessageId: reply } = context;
  if (Tid !== undefined && !isTenantId(Tid))
    throw new TeamsJoinLinkError('the context tenant id (Tid) is malformed');
  return {
    kind: 'meetup-join',
    threadId,
    messageId,
    replyChainMessageId:
      typeof reply === 'string' && DIGITS.test(reply) ? reply : undefined,
    organizerId: context.Oid,
    tenantId: Tid,
  };
}

function readContext(text: string | null): Record<string, unknown> {
  if (!text)
    throw new TeamsJoinLinkError('a meetup-join link needs its context');
  let context: unknown;
  try {
    context = JSON.parse(text);
  } catch {
    throw new TeamsJoinLinkError('the context is not JSON');
  }
  if (typeof context !== 'object' || context === null || Array.isArray(context))
    throw new TeamsJoinLinkError('the context is not a JSON object');
  return context as Record<string, unknown>;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new TeamsJoinLinkError('the link has a malformed escape');
  }
}

// URLSearchParams reads `+` as a space; a passcode may hold a literal `+`.
function rawQueryValue(url: URL, name: string): string | undefined {
  for (const pair of url.search.replace(/^\?/, '').split('&')) {
    const [key, value] = pair.split(/=(.*)/s);
    if (key === name) return value ? decoded(value) : undefined;
  }
  return undefined;
}
