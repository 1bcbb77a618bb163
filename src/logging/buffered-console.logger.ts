import { ConsoleLogger, type LogLevel } from '@nestjs/common';

// Past this much pending output, it is written at once rather than at the end of the tick.
const FLUSH_BYTES = 64 * 1024;

type Stream = 'stdout' | 'stderr';

/**
 * Nest's console logger, made cheap enough to log one line per call event under load, and
 * without stack traces.
 *
 * - Lines are written once per turn of the event loop, all together: a write to a pipe or a
 *   file is a synchronous system call in Node, and one per line cost about a quarter of the
 *   sample's throughput (three lines per incoming call, measured). Errors and fatal lines, and
 *   everything pending at exit, are written at once, in order.
 * - The timestamp is formatted once a second, not per line (`Intl` formatting was 3% of a
 *   loaded sample's CPU).
 * - An error is logged as its name and message: a stack says where the code is, not what to do,
 *   and production logs carry none. So a start-up failure, which Nest logs before it exits, is
 *   one line.
 *
 * The lines are Nest's own (text or JSON, as `ConsoleLoggerOptions` say): only when and how
 * often they are written changes.
 */
export class BufferedConsoleLogger extends ConsoleLogger {
  private static readonly pending: Record<Stream, string[]> = {
    stdout: [],
    stderr: [],
  };
  private static pendingBytes = 0;
  private static scheduled = false;
  private static exitHooked = false;
  private static direct = false;
  private timestampSecond = -1;
  private timestamp = '';

  override error(message: unknown, ...optionalParams: unknown[]): void {
    super.error(withoutStack(message), ...optionalParams.filter(notStack));
    BufferedConsoleLogger.flush();
  }

  override fatal(message: unknown, ...optionalParams: unknown[]): void {
    super.fatal(withoutStack(message), ...optionalParams.filter(notStack));
    BufferedConsoleLogger.flush();
  }

  protected override getTimestamp(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.timestampSecond) {
      this.timestampSecond = second;
      this.timestamp = super.getTimestamp();
    }
    return this.timestamp;
  }

  // A line's fields (`{ callId }`) without util.inspect when they are plain values (the usual
  // case), in the same shape inspect gives: `{ callId: '...' }`.
  protected override stringifyParams(params: Record<string, unknown>): string {
    const parts: string[] = [];
    for (const key in params) {
      const value = params[key];
      if (typeof value === 'string') parts.push(`${key}: ${quote(value)}`);
      else if (typeof value === 'number' || typeof value === 'boolean')
        parts.push(`${key}: ${value}`);
      else return super.stringifyParams(params);
    }
    return `{ ${parts.join(', ')} }`;
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: Stream,
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    if (this.options.json || this.options.forceConsole) {
      super.printMessages(
        messages,
        context,
        logLevel,
        writeStreamType,
        errorStack,
        params,
      );
      return;
    }
    // Nest's text lines, as its own printMessages formats them.
    const pid = this.formatPid(process.pid);
    const contextMessage = this.formatContext(context);
    const level = logLevel.toUpperCase().padStart(7, ' ');
    for (const message of messages) {
      BufferedConsoleLogger.write(
        writeStreamType ?? 'stdout',
        this.formatMessage(
          logLevel,
          message,
          pid,
          level,
          contextMessage,
          this.updateAndGetTimestampDiff(),
          params,
        ),
      );
    }
  }

  protected override printAsJson(
    message: unknown,
    options: Parameters<ConsoleLogger['printAsJson']>[1],
  ): void {
    if (this.options.colors || this.options.forceConsole) {
      super.printAsJson(message, options);
      return;
    }
    BufferedConsoleLogger.write(
      options.writeStreamType ?? 'stdout',
      `${this.stringifyJsonLogObject(this.getJsonLogObject(message, options))}\n`,
    );
  }

  private static write(stream: Stream, text: string): void {
    if (BufferedConsoleLogger.direct) {
      process[stream].write(text);
      return;
    }
    BufferedConsoleLogger.pending[stream].push(text);
    BufferedConsoleLogger.pendingBytes += text.length;
    if (BufferedConsoleLogger.pendingBytes >= FLUSH_BYTES) {
      BufferedConsoleLogger.flush();
      return;
    }
    if (!BufferedConsoleLogger.exitHooked) {
      BufferedConsoleLogger.exitHooked = true;
      process.once('exit', () => BufferedConsoleLogger.flush());
    }
    if (!BufferedConsoleLogger.scheduled) {
      BufferedConsoleLogger.scheduled = true;
      setImmediate(() => BufferedConsoleLogger.flush());
    }
  }

  /**
   * With `false`, writes what is pending and every line after at once. For shutdown: Nest
   * re-raises the signal once the app is closed, which ends the process before a write planned
   * for later.
   */
  static setBuffering(on: boolean): void {
    BufferedConsoleLogger.direct = !on;
    if (!on) BufferedConsoleLogger.flush();
  }

  /** Writes what is pending (stderr first: errors are what an operator looks for). */
  static flush(): void {
    BufferedConsoleLogger.scheduled = false;
    BufferedConsoleLogger.pendingBytes = 0;
    for (const stream of ['stderr', 'stdout'] as const) {
      const lines = BufferedConsoleLogger.pending[stream];
      if (lines.length === 0) continue;
      BufferedConsoleLogger.pending[stream] = [];
      process[stream].write(lines.join(''));
    }
  }
}

// As util.inspect quotes a string: single quotes, the quote and backslash escaped. Control
// characters are escaped by whoever logs a value from outside (logSafe).
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

function withoutStack(message: unknown): unknown {
  return message instanceof Error
    ? `${message.name}: ${message.message}`
    : message;
}

// What Nest passes as a stack: a string with "\n    at file:line:column" lines.
function notStack(param: unknown): boolean {
  return !(typeof param === 'string' && /\n[ \t]+at .+:\d+:\d+/.test(param));
}
