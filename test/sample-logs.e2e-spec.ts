import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  callStateNotification,
  LocalCallingPlatform,
  operationCompletedNotification,
  toneNotification,
} from 'nestjs-calling-webhook/testing';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { startSampleBot } from './support/sample-bot-process.js';

const MAIN = join(import.meta.dirname, '../dist/main.js');
const STACK_LINE = /^\s+at .+:\d+:\d+/;
// Generous: a process's output comes through a pipe, and two cores are shared.
const WAIT = { timeout: 10_000 };
// Issue 15: a payload value that would print a line of its own, and a bidi control after it.
const FORGED = '\r\n[Nest] 1 - 11/26/2026 LOG [SampleBot] hung up call=VICTIM';
const ESCAPED =
  '\\r\\n[Nest] 1 - 11/26/2026 LOG [SampleBot] hung up call=VICTIM\\u202e';

interface JsonLine {
  level: string;
  message: string;
  context?: string;
  callId?: string;
}

/** Every line of the bot's output as JSON; fails on a line that is not one JSON object. */
function jsonLines(output: readonly string[]): JsonLine[] {
  return output.map((line) => {
    const parsed = JSON.parse(line) as unknown;
    expect(parsed).toMatchObject({
      level: expect.any(String),
      message: expect.anything(),
    });
    return parsed as JsonLine;
  });
}

// The sample bot as a process: what its operators read, on the platform CALLING_HTTP_ADAPTER names.
describe.each(HTTP_PLATFORMS)(
  'the sample bot on %s logs the calls it handles',
  (http) => {
    let platform: LocalCallingPlatform;
    beforeEach(async () => {
      platform = await LocalCallingPlatform.start();
    });
    afterEach(async () => {
      await platform.close();
    });

    it('LOG_FORMAT=json: one JSON object per line, the call id as a field', async () => {
      const { bot, target } = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: http,
        LOG_FORMAT: 'json',
      });
      try {
        const call = await platform.placeCall({ target });
        await call.established();
        await call.sendTone();
        await call.terminated();
        await vi.waitFor(
          () =>
            expect(
              bot.output.some((line) => line.includes('callTerminated')),
            ).toBe(true),
          WAIT,
        );
      } finally {
        await bot.stop();
      }
      const lines = jsonLines(bot.output);
      const ofCall = lines.filter(
        (line) => line.callId === platform.calls[0].id,
      );
      expect(ofCall.map((line) => line.message)).toEqual(
        expect.arrayContaining([
          'incomingCall',
          'callStateChanged state=established',
          'hung up (tone tone1)',
          expect.stringMatching(/^callTerminated/),
        ]),
      );
      expect(
        lines.find(
          (line) => line.message === 'callStateChanged state=established',
        ),
      ).toMatchObject({
        level: 'log',
        context: 'SampleBot',
      });
    });

    it('LOG_LEVEL=debug: the library says why it answered 204, the call id as a field', async () => {
      const { bot, target } = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: http,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
      });
      try {
        const call = await platform.placeCall({ target });
        await call.answered();
        await vi.waitFor(
          () =>
            expect(
              bot.output.some((line) => line.includes('Legacy notification')),
            ).toBe(true),
          WAIT,
        );
      } finally {
        await bot.stop();
      }
      expect(jsonLines(bot.output)).toContainEqual(
        expect.objectContaining({
          level: 'debug',
          context: 'CallingWebhook',
          callId: platform.calls[0].id,
          message: expect.stringContaining('answered 204'),
        }),
      );
    });

    it('escapes what a payload says (a state, an operation type, a tone): no forged line, no bidi control', async () => {
      const { bot, target } = await startSampleBot(platform, {
        CALLING_HTTP_ADAPTER: http,
      });
      try {
        const call = await platform.placeCall({ target });
        await call.established();
        const state = callStateNotification(call.id, 'established');
        state.value[0].resourceData = {
          ...(state.value[0].resourceData as object),
          state: `established${FORGED}\u202e`,
        };
        await call.notify('forged state', state);
        await call.notify(
          'forged operation type',
          operationCompletedNotification(call.id, {
            id: randomUUID(),
            type: `playPrompt${FORGED}\u202e`,
          }),
        );
        // The bot hangs up on a key: the tone is quoted twice, once in the hang-up line.
        await call.notify(
          'forged tone',
          toneNotification(call.id, `tone1${FORGED}\u202e`),
        );
        await call.terminated();
        await vi.waitFor(
          () =>
            expect(
              bot.output.some((line) => line.includes('callTerminated')),
            ).toBe(true),
          WAIT,
        );
      } finally {
        await bot.stop();
      }
      expect(bot.output.join('\n')).toMatch(
        new RegExp(`Listening on port \\d+ \\(${http}\\)`),
      );
      expect(
        bot.output.filter((line) => line.startsWith('[Nest] 1 - 11/26/2026')),
      ).toEqual([]);
      expect(bot.output.filter((line) => /[\r\u202e]/.test(line))).toEqual([]);
      for (const escaped of [
        `callStateChanged state=established${ESCAPED}`,
        `operationCompleted type=playPrompt${ESCAPED}`,
        `toneReceived tone=tone1${ESCAPED}`,
        `hung up (tone tone1${ESCAPED})`,
      ])
        expect(
          bot.output.filter((line) => line.includes(escaped)),
        ).toHaveLength(1);
    });
  },
);

describe('the sample bot logs as LOG_LEVEL and LOG_FORMAT say', () => {
  let platform: LocalCallingPlatform;
  beforeEach(async () => {
    platform = await LocalCallingPlatform.start();
  });
  afterEach(async () => {
    await platform.close();
  });

  it('LOG_LEVEL=warn: warnings only, no log lines', async () => {
    // The keys cannot be had: the key source warns.
    platform.openId.outageStatus = 503;
    const { bot } = await startSampleBot(platform, {
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    });
    try {
      await vi.waitFor(
        () =>
          expect(
            bot.output.some((line) =>
              line.includes('Signing keys could not be fetched'),
            ),
          ).toBe(true),
        WAIT,
      );
    } finally {
      await bot.stop();
    }
    const levels = new Set(jsonLines(bot.output).map((line) => line.level));
    expect(levels.has('warn')).toBe(true);
    for (const quiet of ['log', 'debug', 'verbose'])
      expect(levels.has(quiet)).toBe(false);
  });

  it('LOG_FORMAT=json: a keepAlive answered 404 is a warning with the call id as a field', async () => {
    const { bot, target } = await startSampleBot(platform, {
      LOG_FORMAT: 'json',
      CALLING_KEEP_ALIVE_INTERVAL_MS: '1000',
    });
    try {
      const call = await platform.placeCall({ target });
      await call.established();
      await vi.waitFor(() => expect(call.keepAlives.length).toBe(1), {
        timeout: 15_000,
      });
      // Graph loses the call: the next keepAlive is answered 404.
      call.forget();
      await vi.waitFor(
        () =>
          expect(bot.output.some((line) => line.includes('is gone'))).toBe(
            true,
          ),
        { timeout: 15_000 },
      );
    } finally {
      await bot.stop();
    }
    expect(jsonLines(bot.output)).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        context: 'CallingWebhook',
        callId: platform.calls[0].id,
        message: expect.stringContaining('answered 404'),
      }),
    );
  });

  it.each([
    [
      'a setting',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of error, warn, log, debug, verbose',
    ],
    [
      'the HTTP platform',
      { CALLING_HTTP_ADAPTER: 'koa' },
      'CALLING_HTTP_ADAPTER must be express or fastify (got "koa")',
    ],
    [
      'a module option',
      { CALLING_OPENID_CONFIGURATION_URL: 'http://example.com/openid' },
      'openIdConfigurationUrl must be an absolute https URL',
    ],
  ])(
    'a start-up error (%s) is one clear line, no stack, exit code 1',
    (_what, env, reason) => {
      const run = spawnSync(process.execPath, [MAIN], {
        env: {
          ...process.env,
          NO_COLOR: '1',
          CALLING_APP_ID: platform.appId,
          PORT: '0',
          ...env,
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      const output = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
      expect(output.filter((line) => line.includes(reason))).toHaveLength(1);
      expect(output.filter((line) => STACK_LINE.test(line))).toEqual([]);
    },
  );
});
