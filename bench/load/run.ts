// The load benchmark of issue 11: per HTTP platform, a bare `nest new` app (A), the sample bot as
// shipped with one token reused (B) and a fresh token per request (C), and the plain passport-jwt
// recipe (D, Express); each its own process, loaded by autocannon from this one, variants
// interleaved per round in a rotating order; req/s, latency and the servers' CPU per request.
//   node dist-bench/load/run.js [--duration 8] [--rounds 6] [--warmup 3] [--connections 50] [--out FILE]
//     [--sample-env KEY=VALUE ...]          added to the sample's environment (experiments only)
//   node dist-bench/load/run.js --profile <variant> [--profile-dir cpu-profiles] [--duration 8]
//     one variant under `node --cpu-prof`, its profile written into the directory
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { log, runRounds, startServers, type RunSettings } from './benchmark.js';
import { coldStartTable, latencyTable } from './extras.js';
import { incomingCallBody } from './fixture-body.js';
import { profileVariant } from './profile.js';
import {
  cpuRatioLine,
  pipelineCpuLine,
  ratioLine,
  variantTable,
} from './report.js';
import { TokenMinter } from './tokens.js';
import { SAMPLE_MAIN, VARIANTS } from './variants.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string' },
    'sample-env': { type: 'string', multiple: true, default: [] },
    profile: { type: 'string' },
    'profile-dir': { type: 'string', default: 'cpu-profiles' },
  },
});

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function keyValues(items: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    items.map((item) => {
      const at = item.indexOf('=');
      if (at <= 0) exitWith(`--sample-env takes KEY=VALUE (got "${item}")`);
      return [item.slice(0, at), item.slice(at + 1)];
    }),
  );
}

const settings: RunSettings = {
  seconds: Number(values.duration),
  rounds: Number(values.rounds),
  warmupSeconds: Number(values.warmup),
  connections: Number(values.connections),
  body: incomingCallBody(),
  sampleEnv: keyValues(values['sample-env']),
};

const profiled =
  values.profile === undefined
    ? undefined
    : (VARIANTS.find((v) => v.id === values.profile) ??
      exitWith(
        `--profile takes one of ${VARIANTS.map((v) => v.id).join(', ')} (got "${values.profile}")`,
      ));
if (!existsSync(SAMPLE_MAIN))
  exitWith(`${SAMPLE_MAIN} is missing: run \`npm run build\` first`);

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

async function benchmark(): Promise<string> {
  const loadBefore = loadAverage();
  const provider = await LocalOpenIdProvider.start();
  const minter = TokenMinter.start(provider);
  const servers = await startServers(VARIANTS, provider, settings.sampleEnv);
  try {
    const reusedToken = provider.mint({ lifetimeSeconds: 3600 });
    const samples = await runRounds(
      VARIANTS,
      servers,
      minter,
      reusedToken,
      settings,
    );
    const peakRss = new Map(
      [...servers].map(([id, server]) => [id, server.peakRssMb()]),
    );
    log('latency, one connection');
    const latency = await latencyTable(
      servers,
      reusedToken,
      Math.min(settings.seconds, 5),
    );
    log('cold starts');
    const cold = await coldStartTable();
    return [
      `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAverage()} after`,
      `Run: ${settings.rounds} rounds x ${settings.seconds} s per variant, the order rotated each round, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up each; medians over the rounds.`,
      '',
      variantTable(VARIANTS, samples, peakRss),
      '',
      ratioLine(samples),
      '',
      cpuRatioLine(samples),
      '',
      pipelineCpuLine(samples),
      '',
      'Latency of one notification at a time (the B servers, one connection):',
      '',
      latency,
      '',
      'Cold start: a new module server and key source, 100 concurrent first requests with fresh tokens:',
      '',
      cold,
    ].join('\n');
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    await minter.close();
    await provider.close();
  }
}

if (profiled) {
  const written = await profileVariant(
    profiled,
    values['profile-dir'],
    settings,
  );
  process.stdout.write(`${written}\n`);
} else {
  const report = await benchmark();
  process.stdout.write(`${report}\n`);
  if (values.out) writeFileSync(values.out, `${report}\n`);
}
