import type { MediaPrompt } from '@microsoft/microsoft-graph-types';
import type {
  InvitationTarget,
  WithODataType,
} from './call-control-requests.interface.js';
import type { OperationOptions } from './media-requests.interface.js';

/** What `CallParticipants.invite` takes (`POST /communications/calls/{id}/participants/invite`). */
export interface InviteParticipantsOptions extends OperationOptions {
  /** Who to add (Graph takes up to 5 at once), e.g. `[{ identity: { user: { id } } }]`. */
  participants: InvitationTarget[];
}

/** What `CallParticipants.startHoldMusic` takes (`POST .../participants/{id}/startHoldMusic`). */
export interface StartHoldMusicOptions extends OperationOptions {
  /** What the participant hears on hold. @default Graph's hold music */
  customPrompt?: WithODataType<MediaPrompt>;
}
