import { parseUrl } from '../config/parse-url.js';

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

/** The base URL without trailing slashes, so that a path can be appended with one `/`. */
export function trimBaseUrl(value: string): string {
  return value.replace(/\/+$/, '');
}

/** Partition ids appear in URL paths as they are: only unreserved characters. */
export const PARTITION_ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;
