// One variant under `node --cpu-prof`, loaded as in the full run, for reading where its time goes.
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { log, type RunSettings } from './benchmark.js';
import { measure } from './load.js';
import { freePort, ServerProcess } from './server-process.js';
import { TokenMinter, TokenPool } from './tokens.js';
import type { Variant } from './variants.js';

/** Warms `variant` up, loads it for `settings.seconds`, stops it; returns the profiles written. */
export async function profileVariant(
  variant: Variant,
  directory: string,
  settings: RunSettings,
): Promise<string> {
  const dir = resolve(directory);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const provider = await LocalOpenIdProvider.start();
  const minter = TokenMinter.start(provider);
  try {
    const reusedToken = provider.mint({ lifetimeSeconds: 3600 });
    const server = await ServerProcess.start(
      variant.spec(await freePort(), provider, settings.sampleEnv),
      dir,
    );
    try {
      const load = async (seconds: number, rate: number) => {
        const pool = new TokenPool(
          variant.tokens === 'fresh'
            ? await minter.mint(Math.ceil(rate * seconds * 1.4) + 500)
            : [reusedToken],
        );
        const token =
          variant.tokens === 'none' ? () => undefined : () => pool.next();
        const m = await measure(server, {
          seconds,
          connections: settings.connections,
          body: settings.body,
          token,
        });
        return { m, reused: variant.tokens === 'fresh' ? pool.reused : 0 };
      };
      const warm = await load(settings.warmupSeconds, 3000);
      log(`warm-up ${variant.id}: ${warm.m.rps.toFixed(0)} req/s`);
      const { m, reused } = await load(settings.seconds, warm.m.rps);
      log(
        `${variant.id}: ${m.rps.toFixed(0)} req/s, ${m.cpuUsPerRequest.toFixed(0)} µs CPU/req, failures ${m.failures}, tokens reused ${reused}`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await minter.close();
    await provider.close();
  }
  const written = readdirSync(dir).filter(
    (f) => f.endsWith('.cpuprofile') && !before.has(f),
  );
  if (written.length === 0)
    throw new Error(`${variant.id} wrote no profile into ${dir}`);
  return written.map((f) => resolve(dir, f)).join('\n');
}
