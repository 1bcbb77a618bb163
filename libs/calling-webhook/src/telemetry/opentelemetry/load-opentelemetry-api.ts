/** `@opentelemetry/api`, the module's namespace as a dynamic import gives it. */
export type OpenTelemetryApi = typeof import('@opentelemetry/api');

/**
 * `@opentelemetry/api` if the app installed it (it is an optional peer dependency), else
 * `undefined`. Loaded by a dynamic import, so that an app without it loads nothing of it.
 */
export async function loadOpenTelemetryApi(): Promise<
  OpenTelemetryApi | undefined
> {
  try {
    return await import('@opentelemetry/api');
  } catch (error) {
    if (isModuleNotFound(error)) return undefined;
    throw error;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
