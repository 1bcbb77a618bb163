import type {
  CallSource,
  CreateCallOptions,
  JoinMeetingOptions,
} from './place-call-requests.interface.js';
import { invitation, SERVICE_HOSTED_MEDIA } from './graph-bodies.js';
import type { TeamsJoinLink } from './teams-join-link.js';

/** The fields every placed call has (`#microsoft.graph.call`, Graph v1.0 "Create call"). */
function callBody(
  options: CreateCallOptions | JoinMeetingOptions,
  callbackUri: string,
  tenantId: string,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.call',
    callbackUri,
    requestedModalities: options.requestedModalities ?? ['audio'],
    mediaConfig: options.mediaConfig ?? SERVICE_HOSTED_MEDIA,
    tenantId,
  };
}

/** A peer-to-peer, group or phone call (examples 1, 3 and 9 of "Create call"). */
export function createCallBody(
  options: CreateCallOptions,
  callbackUri: string,
): Record<string, unknown> {
  return {
    ...callBody(options, callbackUri, options.tenantId),
    source: options.source && participantInfo(options.source),
    targets: options.targets.map(invitation),
    subject: options.subject,
    callOptions: options.callOptions && {
      '@odata.type': '#microsoft.graph.outgoingCallOptions',
      ...options.callOptions,
    },
  };
}

/** A meeting join (examples 5 and 7 of "Create call"), from a parsed join link. */
export function joinMeetingBody(
  link: TeamsJoinLink,
  options: JoinMeetingOptions,
  callbackUri: string,
  tenantId: string,
): Record<string, unknown> {
  const body = callBody(options, callbackUri, tenantId);
  if (link.kind === 'meet')
    return {
      ...body,
      meetingInfo: {
        '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
        joinMeetingId: link.joinMeetingId,
        // Example 8 sends null for a meeting without passcode.
        passcode: link.passcode ?? null,
      },
    };
  return {
    ...body,
    chatInfo: {
      '@odata.type': '#microsoft.graph.chatInfo',
      threadId: link.threadId,
      messageId: link.messageId,
      ...(link.replyChainMessageId === undefined
        ? {}
        : { replyChainMessageId: link.replyChainMessageId }),
    },
    meetingInfo: {
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: {
          '@odata.type': '#microsoft.graph.identity',
          id: link.organizerId,
          tenantId,
        },
      },
      ...(options.allowConversationWithoutHost === undefined
        ? {}
        : {
            allowConversationWithoutHost: options.allowConversationWithoutHost,
          }),
    },
  };
}

function participantInfo(source: CallSource): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.participantInfo', ...source };
}
