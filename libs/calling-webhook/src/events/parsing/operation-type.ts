/**
 * The short name of an operation from its `@odata.type`: `#microsoft.graph.playPromptOperation`
 * gives `playPrompt`, `#microsoft.graph.inviteParticipantsOperation` gives `inviteParticipants`.
 */
export function operationTypeOf(
  odataType: string | undefined,
): string | undefined {
  if (!odataType) return undefined;
  const name = odataType
    .slice(odataType.lastIndexOf('.') + 1)
    .replace(/^#/, '');
  return name.replace(/Operation$/i, '') || undefined;
}

// Names users write that differ from the type's own (the issue and Graph's docs say "invite").
const ALIASES: Readonly<Record<string, string>> = {
  invite: 'inviteparticipants',
};

/** The key an operation filter and an operation type are compared by (case-insensitive, aliases). */
export function operationKey(name: string): string {
  const short = (operationTypeOf(name) ?? name).toLowerCase();
  return ALIASES[short] ?? short;
}
