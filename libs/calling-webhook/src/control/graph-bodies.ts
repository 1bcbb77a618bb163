import type { MediaPrompt } from '@microsoft/microsoft-graph-types';
import type {
  InvitationTarget,
  WithODataType,
} from './call-control-requests.interface.js';

/** Graph's default for a bot that does not host media itself. */
export const SERVICE_HOSTED_MEDIA = {
  '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
} as const;

/** A prompt as Graph's examples send it: typed, with a typed `mediaInfo`. */
export function mediaPrompt(
  prompt: WithODataType<MediaPrompt>,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mediaPrompt',
    ...prompt,
    mediaInfo: prompt.mediaInfo && {
      '@odata.type': '#microsoft.graph.mediaInfo',
      ...prompt.mediaInfo,
    },
  };
}

/** An `invitationParticipantInfo` (who to ring, transfer to, invite). */
export function invitation(target: InvitationTarget): InvitationTarget {
  return {
    '@odata.type': '#microsoft.graph.invitationParticipantInfo',
    ...target,
  };
}

// Graph reads an absent property as "not given"; `undefined` must not become `null` or a key.
export function withoutUndefined(
  record: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  );
}
