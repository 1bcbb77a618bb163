import { InvalidSettingError } from './setting-errors.js';

const ADAPTERS = ['express', 'fastify'] as const;

/** The Nest HTTP platform the sample bot runs on. */
export type HttpAdapterName = (typeof ADAPTERS)[number];

/** `CALLING_HTTP_ADAPTER`: `express` (the default) or `fastify`. */
export function readHttpAdapter(
  env: NodeJS.ProcessEnv = process.env,
): HttpAdapterName {
  const value = (env.CALLING_HTTP_ADAPTER?.trim() || 'express').toLowerCase();
  if (!(ADAPTERS as readonly string[]).includes(value))
    throw new InvalidSettingError(
      `CALLING_HTTP_ADAPTER must be express or fastify (got "${env.CALLING_HTTP_ADAPTER}")`,
    );
  return value as HttpAdapterName;
}
