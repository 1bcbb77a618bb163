// The sample's setting errors, in a file that imports nothing: the entry point catches them
// before it may load anything else.

/** Thrown when the environment lacks a setting the bot cannot run without. */
export class MissingSettingError extends Error {}

/** Thrown when a variable is set but malformed; the message names the variable. */
export class InvalidSettingError extends Error {}
