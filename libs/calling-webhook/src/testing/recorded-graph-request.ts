/** A request the fake Graph received, as answered. */
export interface RecordedGraphRequest {
  readonly method: string;
  /** Under the base URL, e.g. `/communications/calls/{id}/answer`. */
  readonly path: string;
  /** The call it is about; for `create`, the call created. */
  readonly callId: string | undefined;
  /** The participant it is about (`muteParticipant`, `removeParticipant`, hold music). */
  readonly participantId?: string;
  /**
   * `create`, `get`, `delete`, a call action (`answer`, `playPrompt`, `keepAlive`, ...),
   * `listParticipants`, `invite`, `muteParticipant`, `removeParticipant`, `startHoldMusic`,
   * `stopHoldMusic`.
   */
  readonly action: string | undefined;
  /** The parsed JSON body (`undefined` when empty). */
  readonly body: unknown;
  /** Request headers; the `authorization` value is replaced by `Bearer [redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The tenant the bearer token was issued for (with a token endpoint attached). */
  readonly tokenTenantId: string | undefined;
  /** The status the fake answered; `0` when the client gave up before the answer. */
  readonly status: number;
  /** The JSON body answered (an operation, a created call), if any. */
  readonly response?: unknown;
  /** Epoch milliseconds at arrival. */
  readonly receivedAt: number;
}

/** A programmed fault for the next requests: a status (with `Retry-After`), a delay, a held answer. */
export interface GraphFault {
  /** Answer this status with a Graph error body instead of the normal answer. */
  status?: number;
  /** `Retry-After` header value (seconds or an HTTP date). */
  retryAfter?: string | number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Graph error code. @default derived from the status */
  code?: string;
  /**
   * Do what was asked at once, but answer only once this settles: Graph's notifications about it
   * (a placed call's `establishing` and `established`) may reach the bot before its answer does.
   */
  answerAfter?: PromiseLike<unknown>;
}
