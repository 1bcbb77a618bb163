import { readLogSettings } from './log-settings.js';

describe('readLogSettings', () => {
  it('defaults to text at log level, coloured only on a terminal', () => {
    expect(readLogSettings({}, false)).toEqual({
      logLevels: ['fatal', 'error', 'warn', 'log'],
      colors: false,
    });
    expect(readLogSettings({}, true).colors).toBe(true);
  });

  it.each([
    ['error', ['fatal', 'error']],
    ['warn', ['fatal', 'error', 'warn']],
    ['DEBUG', ['fatal', 'error', 'warn', 'log', 'debug']],
    ['verbose', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
  ])('LOG_LEVEL=%s keeps %j', (level, logLevels) => {
    expect(readLogSettings({ LOG_LEVEL: level }).logLevels).toEqual(logLevels);
  });

  it('LOG_FORMAT=json: one JSON object per line, fields at its top level', () => {
    expect(readLogSettings({ LOG_FORMAT: 'json' })).toMatchObject({
      json: true,
      flattenParams: true,
    });
  });

  it.each([
    [
      { LOG_LEVEL: 'loud' },
      /LOG_LEVEL must be one of error, warn, log, debug, verbose/,
    ],
    [{ LOG_LEVEL: 'fatal' }, /LOG_LEVEL must be one of/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be text or json/],
  ])('refuses %j', (env, message) => {
    expect(() => readLogSettings(env)).toThrow(message);
  });
});
