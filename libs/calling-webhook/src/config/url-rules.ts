// The URL rules every area's options share, in one leaf file (it imports nothing of the library).

/** The URL a configured value names, or `undefined` when it is not a string or not absolute. */
export function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Loopback hosts: the only ones where the library accepts plain http (the local simulator). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** True for an absolute URL that is `https`, or `http` on a loopback host (the local simulator). */
export function isSecureOrLoopbackUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'https:' ||
      (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
  );
}

/** True for an https origin without path, query or fragment (msal refuses anything else). */
export function isHttpsOrigin(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.pathname.replace(/\/+$/, '') === '' &&
    !url.search &&
    !url.hash
  );
}

/** True for an absolute http(s) URL without credentials, query or fragment (a base to append paths to). */
export function isBaseUrl(value: unknown): value is string {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}

/** The URL without trailing slashes, so that a path can be appended with one `/`. */
export function trimBaseUrl(value: string): string {
  return value.replace(/\/+$/, '');
}
