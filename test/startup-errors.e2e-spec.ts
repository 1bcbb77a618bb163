import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CallingWebhookModule,
  InvalidCallingWebhookOptionsError,
} from 'nestjs-calling-webhook';
import { stripVTControlCharacters } from 'node:util';
import { generatedAppModule } from './support/generated-app.js';

// What a user's own app (`nest new`: NestFactory.create with Nest's default ConsoleLogger) prints
// when the options are wrong: the problems, one a line, and no stack trace.

const STACK_LINE = /^\s+at /;

/** Creates an app around `webhook` as `nest new`'s main.ts does, and gives what Nest printed. */
function startUp(webhook: DynamicModule): Promise<StartUp> {
  @Module({ imports: [webhook] })
  class AppModule {}

  return startUpApp(AppModule);
}

interface StartUp {
  readonly error: unknown;
  readonly printed: string[];
}

async function startUpApp(AppModule: Type): Promise<StartUp> {
  let written = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    written += String(chunk);
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  let error: unknown;
  try {
    // abortOnError: false only makes Nest rethrow instead of process.abort(); it logs the same.
    await NestFactory.create(AppModule, { abortOnError: false });
  } catch (thrown) {
    error = thrown;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  // ConsoleLogger colours its output unless NO_COLOR is set.
  const lines = stripVTControlCharacters(written).split('\n');
  return { error, printed: lines.filter(Boolean) };
}

describe.each([
  [
    'forRoot',
    () =>
      CallingWebhookModule.forRoot({
        appId: '',
        openIdConfigurationUrl: 'not a url',
      }),
  ],
  [
    'forRootAsync',
    () =>
      CallingWebhookModule.forRootAsync({
        useFactory: () => ({ appId: '', openIdConfigurationUrl: 'not a url' }),
      }),
  ],
])('bad options through %s in a plain Nest app', (_how, webhook) => {
  it('print each problem on a line of its own, and no stack trace', async () => {
    const { error, printed } = await startUp(webhook());

    expect(error).toBeInstanceOf(InvalidCallingWebhookOptionsError);
    expect(printed.filter((line) => STACK_LINE.test(line))).toEqual([]);
    const problems = (error as InvalidCallingWebhookOptionsError).problems;
    expect(problems).toEqual([
      "appId must not be empty: set it to the bot's Microsoft App ID",
      expect.stringMatching(
        /^openIdConfigurationUrl must be an absolute https URL/,
      ),
    ]);
    const header = printed.findIndex((line) =>
      line.endsWith(
        'ERROR [ExceptionHandler] InvalidCallingWebhookOptionsError: Invalid CallingWebhookModule options:',
      ),
    );
    expect(header).toBeGreaterThanOrEqual(0);
    expect(printed.slice(header + 1)).toEqual(
      problems.map((problem) => `  - ${problem}`),
    );
  });
});

it('prints a lone problem on the line of the error', async () => {
  const { printed } = await startUp(
    CallingWebhookModule.forRoot({ appId: '' }),
  );

  expect(printed.filter((line) => STACK_LINE.test(line))).toEqual([]);
  expect(printed.at(-1)).toMatch(
    /ERROR \[ExceptionHandler\] InvalidCallingWebhookOptionsError: Invalid CallingWebhookModule options: appId must not be empty: set it to the bot's Microsoft App ID$/,
  );
});

describe('the app nest add generates, started without CALLING_APP_ID outside tests', () => {
  beforeEach(() => {
    // What `node dist/main.js` has before .env is filled in: neither variable.
    vi.stubEnv('CALLING_APP_ID', undefined);
    vi.stubEnv('NODE_ENV', undefined);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('loads its root module, then stops on one line that names the variable, no stack', async () => {
    // The old generated forRoot(callingWebhookConfig()) threw here, as Node loaded the module.
    const AppModule = await generatedAppModule();

    const { error, printed } = await startUpApp(AppModule);

    expect(error).toBeInstanceOf(InvalidCallingWebhookOptionsError);
    expect(printed.filter((line) => STACK_LINE.test(line))).toEqual([]);
    expect(printed.filter((line) => line.includes(' ERROR '))).toEqual([
      expect.stringMatching(
        /ERROR \[ExceptionHandler\] InvalidCallingWebhookOptionsError: Invalid CallingWebhookModule options: CALLING_APP_ID is not set: set it to the bot's Microsoft App ID \(see \.env\.example\)$/,
      ),
    ]);
  });
});
