// The load benchmark of issue 7: four Nest apps (A bare, B reused token, C fresh tokens, D the plain
// passport-jwt + jwks-rsa recipe), each in its own process, loaded with autocannon from this one,
// interleaved A B C D per round so that ratios hold on a noisy machine.
//   node dist-bench/load/run.js [--duration 10] [--rounds 3] [--warmup 3] [--connections 50] [--out FILE]
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { incomingCallBody, rosterBody } from './fixture-body.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const connections = Number(values.connections);

type Variant = 'A' | 'B' | 'C' | 'D';
const VARIANTS: readonly Variant[] = ['A', 'B', 'C', 'D'];
const LABELS: Record<Variant, string> = {
  A: 'A bare Nest endpoint (ceiling)',
  B: 'B our module, one token reused',
  C: 'C our module, fresh token per request',
  D: 'D plain recipe (passport-jwt + passportJwtSecret), fresh token',
};

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  tokensReused: number;
}

const here = dirname(fileURLToPath(import.meta.url));

async function startServer(
  variant: Variant,
  port: number,
  provider: LocalOpenIdProvider,
  env: Record<string, string> = {},
): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      resolve(here, 'variant-server.js'),
      variant,
      String(port),
      provider.openIdConfigurationUrl,
      provider.jwksUri,
      provider.appId,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) =>
      fail(new Error(`variant ${variant} exited (${code})`)),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready();
    });
  });
  return { child, port };
}

/** Peak resident set of a process so far (Linux `VmHWM`), in MB. */
function peakRssMb(pid: number | undefined): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A pool of distinct valid tokens, handed out once each (then reused, and counted as such). */
class TokenPool {
  private index = 0;
  reused = 0;
  constructor(private readonly tokens: string[]) {}
  next(): string {
    if (this.index >= this.tokens.length) this.reused++;
    return this.tokens[this.index++ % this.tokens.length];
  }
}

function mintTokens(provider: LocalOpenIdProvider, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    provider.mint({
      claims: { jti: `bench-${i}-${Math.random()}` },
      lifetimeSeconds: 3600,
    }),
  );
}

let messageSerial = 0;

async function load(
  server: Server,
  seconds: number,
  body: string,
  token: () => string | undefined,
  connectionCount = connections,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${server.port}/api/calls`,
    method: 'POST',
    connections: connectionCount,
    duration: seconds,
    body,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const value = token();
          // A distinct message id per request, as the platform sends: no duplicate is skipped.
          const headers: Record<string, string | string[] | undefined> = {
            ...request.headers,
            'x-microsoft-skype-message-id': `bench-${messageSerial++}`,
          };
          if (value) headers.authorization = `Bearer ${value}`;
          return { ...request, headers };
        },
      },
    ],
  });
}

/** Cold start: a fresh server and key source, 100 concurrent first requests, fetches counted. */
async function coldStart(prefetch: boolean, port: number): Promise<string> {
  const provider = await LocalOpenIdProvider.start();
  const tokens = mintTokens(provider, 100);
  const server = await startServer('C', port, provider, {
    BENCH_PREFETCH: String(prefetch),
  });
  try {
    const body = incomingCallBody();
    const statuses = await Promise.all(
      tokens.map(async (token, i) => {
        const response = await fetch(`http://127.0.0.1:${port}/api/calls`, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-microsoft-skype-message-id': `cold-${prefetch}-${i}`,
          },
        });
        return response.status;
      }),
    );
    const accepted = statuses.filter((s) => s === 202).length;
    return `| prefetchKeys: ${prefetch} | ${accepted} / 100 | ${provider.requests.configuration} | ${provider.requests.jwks} |`;
  } finally {
    server.child.kill();
    await provider.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const body = incomingCallBody();
  const provider = await LocalOpenIdProvider.start();
  const servers = new Map<Variant, Server>();
  let port = 3301;
  for (const variant of VARIANTS)
    servers.set(variant, await startServer(variant, port++, provider));
  const reusedToken = provider.mint({ lifetimeSeconds: 3600 });

  try {
    // Warm-up: JIT, key fetches, and an estimate of each variant's rate to size the token pools.
    const estimate = new Map<Variant, number>();
    for (const variant of VARIANTS) {
      const pool = new TokenPool(mintTokens(provider, 2000));
      const source =
        variant === 'A'
          ? () => undefined
          : variant === 'B'
            ? () => reusedToken
            : () => pool.next();
      const result = await load(servers.get(variant)!, warmup, body, source);
      estimate.set(variant, result.requests.average);
    }

    const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const variant of VARIANTS) {
        let source: () => string | undefined = () => undefined;
        let pool: TokenPool | undefined;
        if (variant === 'B') source = () => reusedToken;
        if (variant === 'C' || variant === 'D') {
          // Sized from the warm-up with head-room, minted before the clock starts.
          pool = new TokenPool(
            mintTokens(
              provider,
              Math.ceil(estimate.get(variant)! * duration * 2.5) + 1000,
            ),
          );
          source = () => pool!.next();
        }
        const result = await load(
          servers.get(variant)!,
          duration,
          body,
          source,
        );
        samples.get(variant)!.push({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          tokensReused: pool?.reused ?? 0,
        });
        process.stderr.write(
          `round ${round} ${variant}: ${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx}\n`,
        );
      }
    }

    const rows = VARIANTS.map((variant) => {
      const s = samples.get(variant)!;
      return {
        variant,
        rps: median(s.map((x) => x.rps)),
        p50: median(s.map((x) => x.p50)),
        p99: median(s.map((x) => x.p99)),
        errors: s.reduce((n, x) => n + x.errors + x.non2xx, 0),
        reused: s.reduce((n, x) => n + x.tokensReused, 0),
        rss: peakRssMb(servers.get(variant)!.child.pid),
      };
    });
    const rps = Object.fromEntries(
      rows.map((r) => [r.variant, r.rps]),
    ) as Record<Variant, number>;
    const report = [
      `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      `Run: ${rounds} rounds x ${duration} s per variant, interleaved A B C D, ${connections} connections, ${warmup} s warm-up each; medians.`,
      '',
      '| variant | req/s | p50 ms | p99 ms | errors + non-2xx | tokens reused | peak RSS MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${LABELS[r.variant]} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.reused} | ${r.rss.toFixed(0)} |`,
      ),
      '',
      `Ratios: B/A = ${(rps.B / rps.A).toFixed(2)} (target >= 0.90), C/A = ${(rps.C / rps.A).toFixed(2)} (target >= 0.60), C/D = ${(rps.C / rps.D).toFixed(2)} (target >= 2)`,
    ].join('\n');
    // Extra measures: a 500-participant roster's latency (one connection, module with a reused
    // token, next to the incoming call on the same server), and cold starts.
    const roster = await load(
      servers.get('B')!,
      duration,
      rosterBody(500),
      () => reusedToken,
      1,
    );
    const incoming = await load(
      servers.get('B')!,
      duration,
      body,
      () => reusedToken,
      1,
    );
    const cold = [await coldStart(true, 3311), await coldStart(false, 3312)];
    const extras = [
      '',
      'Latency of one notification at a time (variant B, one connection):',
      '',
      '| body | p50 ms | p99 ms | req/s | non-2xx |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| incoming call (${body.length} B) | ${incoming.latency.p50} | ${incoming.latency.p99} | ${incoming.requests.average.toFixed(0)} | ${incoming.non2xx} |`,
      `| 500-participant roster (${rosterBody(500).length} B) | ${roster.latency.p50} | ${roster.latency.p99} | ${roster.requests.average.toFixed(0)} | ${roster.non2xx} |`,
      '',
      'Cold start: a new server and key source, 100 concurrent first requests with fresh tokens:',
      '',
      '| setting | accepted | OpenID configuration fetches | JWKS fetches |',
      '| --- | ---: | ---: | ---: |',
      ...cold,
    ].join('\n');
    process.stdout.write(`${report}\n${extras}\n`);
    if (values.out) writeFileSync(values.out, `${report}\n${extras}\n`);
  } finally {
    for (const server of servers.values()) server.child.kill();
    await provider.close();
  }
}

await main();
