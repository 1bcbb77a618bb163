import type {
  MediaPrompt,
  RecordingStatus,
  Tone,
} from '@microsoft/microsoft-graph-types';
import type { WithODataType } from './call-control-requests.interface.js';

/** What every operation-starting `CallControl` method takes. */
export interface OperationOptions {
  /**
   * Echoed in the operation and its completion notification, to tell them apart (Graph allows
   * 256 characters).
   * @default a random UUID
   */
  clientContext?: string;
}

/** What `CallControl.playPrompt` takes (`POST /communications/calls/{id}/playPrompt`). */
export interface PlayPromptOptions extends OperationOptions {
  /** Up to 20 prompts, e.g. `[{ mediaInfo: { uri: 'https://cdn.example.com/hello.wav' } }]`. */
  prompts: WithODataType<MediaPrompt>[];
}

/** What `CallControl.recordResponse` takes (`POST /communications/calls/{id}/recordResponse`). */
export interface RecordResponseOptions extends OperationOptions {
  /** At most one prompt played before recording. */
  prompts?: WithODataType<MediaPrompt>[];
  /** Cut into queued or playing prompts and recordings. @default false (Graph's) */
  bargeInAllowed?: boolean;
  /** Seconds of silence before the caller speaks, 1 to 120. @default 5 (Graph's) */
  initialSilenceTimeoutInSeconds?: number;
  /** Seconds of pause once the caller spoke, 1 to 120. @default 5 (Graph's) */
  maxSilenceTimeoutInSeconds?: number;
  /** Longest recording in seconds, 1 to 120. @default 5 (Graph's) */
  maxRecordDurationInSeconds?: number;
  /** Play a beep when recording starts. @default true (Graph's) */
  playBeep?: boolean;
  /** Keys that end the recording, e.g. `['#', '*']`. */
  stopTones?: string[];
}

/** What `CallControl.sendDtmfTones` takes (`POST /communications/calls/{id}/sendDtmfTones`). */
export interface SendDtmfTonesOptions extends OperationOptions {
  /** The tones, e.g. `['tone1', 'tone2', 'pound']`. */
  tones: Tone[];
  /** Milliseconds between two tones. */
  delayBetweenTonesMs?: number;
}

/** What `CallControl.updateRecordingStatus` takes (`POST .../updateRecordingStatus`). */
export interface UpdateRecordingStatusOptions extends OperationOptions {
  /** `recording` before the bot records anything, `notRecording` once it stopped, or `failed`. */
  status: Extract<RecordingStatus, 'notRecording' | 'recording' | 'failed'>;
}

/** What `CallControl.subscribeToTone` takes (`POST /communications/calls/{id}/subscribeToTone`). */
export type SubscribeToToneOptions = OperationOptions;
