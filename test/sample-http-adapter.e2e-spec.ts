import { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { startSampleBot } from './support/sample-bot-process.js';

// The built sample bot as a process, on the platform CALLING_HTTP_ADAPTER names.
describe.each(HTTP_PLATFORMS)(
  'the sample bot with CALLING_HTTP_ADAPTER=%s',
  (adapter) => {
    let platform: LocalCallingPlatform;
    beforeEach(async () => {
      platform = await LocalCallingPlatform.start();
    });
    afterEach(async () => {
      await platform.close();
    });

    it('says which platform it listens on, answers a call, hangs up on a tone', async () => {
      const { bot, target } = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: adapter,
      });
      const call = await platform.placeCall({ target });
      try {
        await call.answered();
        await call.established();
        await call.sendTone();
        await call.terminated();
      } finally {
        await bot.stop();
      }
      expect(bot.output.join('\n')).toMatch(
        new RegExp(`Listening on port \\d+ \\(${adapter}\\)`),
      );
      expect(call.hungUpBy).toBe('bot');
    });
  },
);
