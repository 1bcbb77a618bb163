// The legacy (Skype bot calling) incoming-call body the platform may send first, shaped like the
// `Conversation` example of BotBuilder-V3's calling API reference (fixture legacy/01__conversation).

/** What `legacyConversation()` takes. */
export interface LegacyConversationInput {
  /** The conversation id (the platform's id of the call). */
  readonly id: string;
  /** The caller's user id. */
  readonly fromId: string;
  /** The bot's App ID. */
  readonly appId: string;
}

/** An incoming legacy `Conversation` (top-level `participants`, `callState: incoming`). */
export function legacyConversation(
  input: LegacyConversationInput,
): Record<string, unknown> {
  return {
    id: input.id,
    participants: [
      {
        identity: `8:orgid:${input.fromId}`,
        languageId: 'en',
        originator: true,
      },
      { identity: `28:${input.appId}`, originator: false },
    ],
    isMultiparty: false,
    presentedModalityTypes: ['audio'],
    callState: 'incoming',
  };
}
