import { readCallControlSettings } from './call-control-settings.js';

describe('readCallControlSettings', () => {
  it('keeps calls alive at the module default and has no outbound route unless told', () => {
    const settings = readCallControlSettings({ CALLING_APP_SECRET: 's' });
    expect(settings.webhook.keepAlive).toBeUndefined();
    expect(settings.outbound).toBeUndefined();
    expect(settings.answering).toEqual({
      answer: true,
      promptUri: undefined,
      hangUpAfterMs: 30_000,
    });
  });

  it('reads the keepAlive interval and the outbound API key', () => {
    const settings = readCallControlSettings({
      CALLING_KEEP_ALIVE_INTERVAL_MS: '60000',
      CALLING_SAMPLE_API_KEY: ' key ',
    });
    expect(settings.webhook.keepAlive).toEqual({ intervalMs: 60_000 });
    expect(settings.outbound).toEqual({ apiKey: 'key' });
  });

  it.each(['999', '1.5', 'soon'])(
    'names CALLING_KEEP_ALIVE_INTERVAL_MS when it is %j',
    (value) => {
      expect(() =>
        readCallControlSettings({ CALLING_KEEP_ALIVE_INTERVAL_MS: value }),
      ).toThrow(/CALLING_KEEP_ALIVE_INTERVAL_MS must be a whole number/);
    },
  );
});
