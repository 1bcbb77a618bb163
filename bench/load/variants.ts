// The servers the load benchmark compares (issue 11), by id: `A-express` ... `D-fastify`.
import { resolve } from 'node:path';
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { ServerSpec } from './server-process.js';

/** A Nest HTTP platform. */
export type HttpAdapter = 'express' | 'fastify';

/** What the harness sends as a bearer token: none, one token again and again, or a new one each time. */
export type TokenUse = 'none' | 'reused' | 'fresh';

/** One benchmarked server. */
export interface Variant {
  readonly id: string;
  /** What it is, without its id. */
  readonly label: string;
  readonly adapter: HttpAdapter;
  readonly tokens: TokenUse;
  /** How to start it on `port`, against `provider`; `sampleEnv` is added to the sample's environment. */
  spec(
    port: number,
    provider: LocalOpenIdProvider,
    sampleEnv: Readonly<Record<string, string>>,
  ): ServerSpec;
}

const SERVERS = resolve(import.meta.dirname, 'servers');
/** The sample bot as `npm run build` leaves it. */
export const SAMPLE_MAIN = resolve(import.meta.dirname, '../../dist/main.js');

// Nothing of the harness's environment (LOG_LEVEL, OTEL_*, NODE_OPTIONS, ...) reaches a server:
// the sample runs on its defaults.
const baseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
});

function bare(adapter: HttpAdapter): Variant {
  return {
    id: `A-${adapter}`,
    label: 'bare `nest new` app',
    adapter,
    tokens: 'none',
    spec: (port) => ({
      name: `A-${adapter}`,
      script: resolve(SERVERS, 'bare-nest-app.js'),
      args: [adapter, String(port)],
      env: baseEnv(),
      port,
    }),
  };
}

function sample(id: string, adapter: HttpAdapter, tokens: TokenUse): Variant {
  return {
    id,
    label: `sample as shipped, ${tokens === 'reused' ? 'one token reused' : 'fresh token each'}`,
    adapter,
    tokens,
    spec: (port, provider, sampleEnv) => ({
      name: id,
      script: SAMPLE_MAIN,
      args: [],
      env: {
        ...baseEnv(),
        CALLING_APP_ID: provider.appId,
        CALLING_OPENID_CONFIGURATION_URL: provider.openIdConfigurationUrl,
        PORT: String(port),
        // Express is the sample's default: only Fastify is asked for.
        ...(adapter === 'fastify' ? { CALLING_HTTP_ADAPTER: 'fastify' } : {}),
        ...sampleEnv,
      },
      port,
    }),
  };
}

function recipe(adapter: HttpAdapter): Variant {
  return {
    id: `D-${adapter}`,
    label: 'passport-jwt + passportJwtSecret recipe, fresh token each',
    adapter,
    tokens: 'fresh',
    spec: (port, provider) => ({
      name: `D-${adapter}`,
      script: resolve(SERVERS, 'passport-jwt-recipe-app.js'),
      args: [adapter, String(port), provider.jwksUri, provider.appId],
      env: baseEnv(),
      port,
    }),
  };
}

/** Every variant, in the order of the table. */
export const VARIANTS: readonly Variant[] = [
  bare('express'),
  bare('fastify'),
  sample('B-express', 'express', 'reused'),
  sample('B-fastify', 'fastify', 'reused'),
  sample('C-express', 'express', 'fresh'),
  sample('C-fastify', 'fastify', 'fresh'),
  recipe('express'),
  recipe('fastify'),
];

/** The module alone (no handler logs), for the cold-start measure. */
export function webhookModuleSpec(
  adapter: HttpAdapter,
  port: number,
  provider: LocalOpenIdProvider,
  prefetchKeys: boolean,
): ServerSpec {
  return {
    name: `module-${adapter}`,
    script: resolve(SERVERS, 'webhook-module-app.js'),
    args: [
      adapter,
      String(port),
      provider.openIdConfigurationUrl,
      provider.appId,
      String(prefetchKeys),
    ],
    env: baseEnv(),
    port,
  };
}
