/** Tokens above this size are refused before any decoding or crypto (real ones are about 1.5 KB). */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** The OpenID documents are a few KB; anything much larger is not a key set. */
export const MAX_KEY_DOCUMENT_BYTES = 256 * 1024;

/** The realm named in `WWW-Authenticate` challenges. */
export const AUTH_REALM = 'teams-calling';

/** The webhook route of this module instance, normalised. */
export const WEBHOOK_PATH = Symbol('CallingWebhookPath');
