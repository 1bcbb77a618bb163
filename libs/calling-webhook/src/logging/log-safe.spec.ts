import { describeError } from './describe-error.js';
import { logSafe } from './log-safe.js';

describe('logSafe', () => {
  it.each<[string, string, string]>([
    [
      'CR and LF (a forged line)',
      'x\r\n[Nest] 1 - LOG [SampleBot] hung up call=VICTIM',
      'x\\r\\n[Nest] 1 - LOG [SampleBot] hung up call=VICTIM',
    ],
    [
      'a NUL and other C0 controls',
      'a\u0000b\u001bc\td',
      'a\\u0000b\\u001bc\\td',
    ],
    ['DEL and C1 controls', 'a\u007fb\u0085c', 'a\\u007fb\\u0085c'],
    [
      'the Unicode line and paragraph separators',
      'a\u2028b\u2029c',
      'a\\u2028b\\u2029c',
    ],
    [
      'bidi overrides and isolates',
      'user\u202eexe.txt\u2066\u2069\u200f',
      'user\\u202eexe.txt\\u2066\\u2069\\u200f',
    ],
  ])('escapes %s', (_name, value, expected) => {
    expect(logSafe(value)).toBe(expected);
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(logSafe('établi 🎧 established')).toBe('établi 🎧 established');
  });

  it('bounds the length', () => {
    expect(logSafe('x'.repeat(500), 10)).toBe('xxxxxxxxxx...');
  });

  it('writes any value as text', () => {
    expect(logSafe(42)).toBe('42');
    expect(logSafe(undefined)).toBe('undefined');
  });
});

describe('describeError', () => {
  it('gives one escaped line without the stack or a token', () => {
    const error = new Error(
      'bad state "x\nINJECTED" for eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ0In0.c2lnbmF0dXJl',
    );
    const line = describeError(error);
    expect(line).toBe('Error: bad state "x\\nINJECTED" for [token]');
    expect(line).not.toContain(error.stack?.split('\n')[1] ?? 'never');
  });

  it('names what was thrown when it is not an Error', () => {
    expect(describeError('boom')).toBe('a non-Error value was thrown (string)');
  });
});
