/** Where a notification points: the call, and what under the call (`''` for the call itself). */
export interface ResourcePath {
  readonly callId: string;
  /** The path under `calls/{id}`, without slashes around it: `participants`, `operations/{id}`, `''`. */
  readonly under: string;
}

// `/communications/calls/{id}`, the older `/app/calls/{id}`, with or without the leading `/`
// (both are seen in real traffic), and whatever follows the id.
const CALL_PATH = /(?:^|\/)calls\/([^/?#]+)\/?([^?#]*)/i;

/** Reads the call id from a resource URL; `undefined` when it names no call. */
export function readResourcePath(url: string): ResourcePath | undefined {
  const match = CALL_PATH.exec(url);
  if (!match) return undefined;
  return { callId: match[1], under: match[2].replace(/\/+$/, '') };
}

/** The resource URL with exactly one leading `/`. */
export function withLeadingSlash(url: string): string {
  return url.startsWith('/') ? url : `/${url}`;
}
