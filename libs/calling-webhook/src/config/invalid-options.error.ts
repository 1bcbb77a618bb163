import { inspect } from 'node:util';

/** Thrown at start-up when the module options are wrong; the message names each bad option. */
export class InvalidCallingWebhookOptionsError extends Error {
  /** Each mistake, a sentence that says what to write instead. */
  declare readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid CallingWebhookModule options: ${problems[0]}`
        : `Invalid CallingWebhookModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'InvalidCallingWebhookOptionsError';
    // Not enumerable, so that a logger inspecting the error does not print the list twice.
    Object.defineProperty(this, 'problems', { value: problems });
    // Nest's ExceptionHandler logs a start-up error through ConsoleLogger, which prints the
    // stack: where in the library the options were checked tells the user nothing the message
    // does not, and the issue was a newcomer's screen of `at ...` lines for a missing App ID.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** What `util.inspect` (ConsoleLogger, Node's uncaught-error report) prints: the message alone. */
  [inspect.custom](): string {
    return this.stack ?? this.message;
  }
}
