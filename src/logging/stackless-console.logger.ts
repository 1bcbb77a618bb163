import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's console logger, without stack traces: an error is logged as its name and message (a
 * stack says where the code is, not what to do, and production logs carry none). So a start-up
 * failure, which Nest logs before it exits, is one line.
 */
export class StacklessConsoleLogger extends ConsoleLogger {
  override error(message: unknown, ...optionalParams: unknown[]): void {
    super.error(withoutStack(message), ...optionalParams.filter(notStack));
  }

  override fatal(message: unknown, ...optionalParams: unknown[]): void {
    super.fatal(withoutStack(message), ...optionalParams.filter(notStack));
  }
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
