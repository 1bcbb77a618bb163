import { posix } from 'node:path';
import type { AppProject } from './app-project.js';

/** Where the schematic writes the files it generates, in the app's source folder. */
export const generatedPaths = (project: AppProject) => ({
  config: posix.join(project.sourceRoot, 'calls/calling-webhook.config.ts'),
  handlers: posix.join(project.sourceRoot, 'calls/call-handlers.ts'),
});

export const PACKAGE = 'nestjs-calling-webhook';
