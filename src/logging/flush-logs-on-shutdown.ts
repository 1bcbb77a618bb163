import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BufferedConsoleLogger } from './buffered-console.logger.js';

/**
 * Stops the log buffering as the app starts to close (the first shutdown hook), so that what
 * the shutdown logs (handlers awaited, calls handed over) is written before the process ends.
 */
@Injectable()
export class FlushLogsOnShutdown implements OnModuleDestroy {
  onModuleDestroy(): void {
    BufferedConsoleLogger.setBuffering(false);
  }
}
