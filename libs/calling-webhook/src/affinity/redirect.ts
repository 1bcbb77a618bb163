import type { Response } from 'express';
import { of, type Observable } from 'rxjs';
import type { AffinityRedirectStatus } from './affinity-options.interface.js';

/** The query of a request's URL (with its `?`), or `''`. */
export function queryOf(originalUrl: string): string {
  const start = originalUrl.indexOf('?');
  return start === -1 ? '' : originalUrl.slice(start);
}

/**
 * Answers with a redirect, through Nest: the status and `Location` are set and the observable
 * ends the request without a handler (ending the response here would race Nest's reply).
 */
export function answerWithRedirect(
  response: Response,
  status: AffinityRedirectStatus,
  location: string,
): Observable<undefined> {
  response.status(status);
  response.setHeader('Location', location);
  return of(undefined);
}
