import type { IncomingMessage } from 'node:http';
import { readBearerToken } from './bearer-token.js';
import { MissingTokenError } from './token-refusals.js';

/** A request with these raw header lines, folded as Node folds them (the first value wins). */
function requestWith(...lines: [string, string][]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of lines) headers[name.toLowerCase()] ??= value;
  return { headers, rawHeaders: lines.flat() } as unknown as IncomingMessage;
}

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln-_';

describe('readBearerToken', () => {
  it('returns undefined without an Authorization header', () => {
    expect(readBearerToken(requestWith())).toBeUndefined();
    expect(
      readBearerToken(requestWith(['Authentication', `Bearer ${TOKEN}`])),
    ).toBeUndefined();
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
    'reads the scheme written %s',
    (scheme) => {
      expect(
        readBearerToken(requestWith(['Authorization', `${scheme} ${TOKEN}`])),
      ).toBe(TOKEN);
    },
  );

  it('allows several spaces and trailing space', () => {
    expect(
      readBearerToken(requestWith(['authorization', `Bearer   ${TOKEN}  `])),
    ).toBe(TOKEN);
  });

  it('treats another scheme as no bearer token', () => {
    expect(() =>
      readBearerToken(requestWith(['Authorization', 'Basic Ym90OnB3'])),
    ).toThrow(MissingTokenError);
  });

  it.each(['Bearer', 'Bearer a b', 'Bearer\ttok', 'Bearer tok!en'])(
    'refuses the malformed value %j as invalid_request',
    (value) => {
      expect(() =>
        readBearerToken(requestWith(['Authorization', value])),
      ).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    },
  );

  it('reads a scheme glued to its token as another scheme', () => {
    expect(() =>
      readBearerToken(requestWith(['Authorization', 'Bearertoken'])),
    ).toThrow(MissingTokenError);
  });

  it('refuses two Authorization headers, whatever their case', () => {
    const req = requestWith(
      ['Authorization', `Bearer ${TOKEN}`],
      ['AUTHORIZATION', 'Bearer other'],
    );
    expect(() => readBearerToken(req)).toThrow(
      'more than one Authorization header',
    );
  });
});
