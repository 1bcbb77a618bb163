import { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { sendRawText } from './support/raw-http.js';
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

    // Node's defaults answer a slow-header client after 60 to 90 s (headersTimeout 60 s, checked
    // every 30 s); the sample applies the webhook's server limits (10 s, checked every second).
    it('answers a client that never finishes its headers with 408 within seconds', async () => {
      const { bot, baseUrl } = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: adapter,
      });
      try {
        const startedAt = Date.now();
        const { statusLine } = await sendRawText(
          Number(new URL(baseUrl).port),
          'POST /api/calls HTTP/1.1\r\nHost: bot\r\n',
        );
        expect(statusLine).toBe('HTTP/1.1 408 Request Timeout');
        expect(Date.now() - startedAt).toBeLessThan(30_000);
      } finally {
        await bot.stop();
      }
    }, 45_000);
  },
);
