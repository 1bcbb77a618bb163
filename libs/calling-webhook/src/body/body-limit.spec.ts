import { bodyLimitProblems, parseBodyLimit } from './body-limit.js';

describe('parseBodyLimit', () => {
  it.each<[unknown, number]>([
    [1024, 1024],
    ['512kb', 512 * 1024],
    ['4MB', 4 * 1024 * 1024],
    ['1.5mb', 1.5 * 1024 * 1024],
    ['100', 100],
    [' 2 mb ', 2 * 1024 * 1024],
  ])('reads %j as %i bytes', (value, bytes) => {
    expect(parseBodyLimit(value)).toBe(bytes);
  });

  it.each([0, -1, 1.5, Number.NaN, '', '4gb', 'lots', '-1mb', null, {}])(
    'refuses %j',
    (value) => {
      expect(parseBodyLimit(value)).toBeUndefined();
      expect(bodyLimitProblems(value)).toHaveLength(1);
    },
  );

  it('has no problem with an absent limit (the default applies)', () => {
    expect(bodyLimitProblems(undefined)).toEqual([]);
  });
});
