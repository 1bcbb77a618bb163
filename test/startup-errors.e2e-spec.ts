import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CallingWebhookModule,
  InvalidCallingWebhookOptionsError,
} from 'nestjs-calling-webhook';
import { stripVTControlCharacters } from 'node:util';

// What a user's own app (`nest new`: NestFactory.create with Nest's default ConsoleLogger) prints
// when the options are wrong: the problems, one a line, and no stack trace.

const STACK_LINE = /^\s+at /;

/** Creates an app around `webhook` as `nest new`'s main.ts does, and gives what Nest printed. */
async function startUp(webhook: DynamicModule): Promise<{
  error: unknown;
  printed: string[];
}> {
  @Module({ imports: [webhook] })
  class AppModule {}

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
