// The full load run: every variant's server up at once, a warm-up each, then rounds that run every
// variant once, in an order rotated each round, so that the ratios compare variants measured
// minutes apart at most on a shared machine.
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { measure, type LoadPlan } from './load.js';
import type { RoundSample } from './report.js';
import { freePort, ServerProcess } from './server-process.js';
import { TokenPool, type TokenMinter } from './tokens.js';
import type { Variant } from './variants.js';

/** How long and how hard the run loads each variant. */
export interface RunSettings {
  readonly seconds: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly body: string;
  readonly sampleEnv: Readonly<Record<string, string>>;
}

/** Every variant's server, started against `provider`. */
export async function startServers(
  variants: readonly Variant[],
  provider: LocalOpenIdProvider,
  sampleEnv: Readonly<Record<string, string>>,
): Promise<Map<string, ServerProcess>> {
  const servers = new Map<string, ServerProcess>();
  try {
    for (const variant of variants) {
      const spec = variant.spec(await freePort(), provider, sampleEnv);
      servers.set(variant.id, await ServerProcess.start(spec));
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    throw error;
  }
  return servers;
}

// Head-room over the fastest fresh-token rate seen, so that no token is used twice; larger while
// that rate is only the warm-up's (a cold server runs at a third of its speed or less).
const POOL_HEADROOM = 1.4;
const POOL_HEADROOM_AFTER_WARMUP = 3;

/** Runs the warm-up and the measured rounds; returns every round's samples by variant id. */
export async function runRounds(
  variants: readonly Variant[],
  servers: ReadonlyMap<string, ServerProcess>,
  minter: TokenMinter,
  reusedToken: string,
  settings: RunSettings,
): Promise<Map<string, RoundSample[]>> {
  const plan = (
    token: () => string | undefined,
    seconds: number,
  ): LoadPlan => ({
    seconds,
    connections: settings.connections,
    body: settings.body,
    token,
  });
  const tokenSource = (variant: Variant, pool: TokenPool) =>
    variant.tokens === 'none'
      ? () => undefined
      : variant.tokens === 'reused'
        ? () => reusedToken
        : () => pool.next();

  // Warm-up: JIT, key fetches, and the fresh-token rate that sizes the pools.
  let freshRate = 0;
  const warmupTokens = await minter.mint(settings.warmupSeconds * 3000);
  for (const variant of variants) {
    const result = await measure(
      servers.get(variant.id)!,
      plan(
        tokenSource(variant, new TokenPool(warmupTokens)),
        settings.warmupSeconds,
      ),
    );
    if (variant.tokens === 'fresh') freshRate = Math.max(freshRate, result.rps);
    log(`warm-up ${variant.id}: ${result.rps.toFixed(0)} req/s`);
  }

  const samples = new Map<string, RoundSample[]>(
    variants.map((v) => [v.id, []]),
  );
  for (let round = 1; round <= settings.rounds; round++) {
    // One pool per round, minted before the clock starts, shared by the fresh-token variants:
    // each is its own process, so a token is new to each of them.
    const headroom = round === 1 ? POOL_HEADROOM_AFTER_WARMUP : POOL_HEADROOM;
    const fresh = await minter.mint(
      Math.ceil(freshRate * settings.seconds * headroom) + 500,
    );
    const shift = (round - 1) % variants.length;
    const order = [...variants.slice(shift), ...variants.slice(0, shift)];
    for (const variant of order) {
      const pool = new TokenPool(fresh);
      const result = await measure(
        servers.get(variant.id)!,
        plan(tokenSource(variant, pool), settings.seconds),
      );
      const tokensReused = variant.tokens === 'fresh' ? pool.reused : 0;
      if (variant.tokens === 'fresh')
        freshRate = Math.max(freshRate, result.rps);
      samples.get(variant.id)!.push({ ...result, round, tokensReused });
      log(
        `round ${round} ${variant.id}: ${result.rps.toFixed(0)} req/s, ${result.cpuUsPerRequest.toFixed(0)} µs CPU/req, failures ${result.failures}`,
      );
    }
  }
  return samples;
}

/** Progress goes to stderr; the report to stdout. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
