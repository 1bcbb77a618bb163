// The verify benchmark of issue 2: what one token costs, in one process and one run, interleaved
// rounds, medians reported.
//   (a) floor: crypto.verify with a ready KeyObject on a fresh token
//   (b) ours: CallingAuthGuard.canActivate on a fresh token (bearer, cache miss, the teams-calling
//       strategy: passport-jwt + inspectToken + key lookup + jsonwebtoken, then cache insert)
//   (c) plain recipe: passport-jwt + jwks-rsa passportJwtSecret (cache on), fresh token
//   (d) cache hit: the guard's fast path (read bearer + cache lookup); (d') the whole awaited
//       canActivate on a cached token
//   node dist-bench/verify/run.js [--rounds 21] [--warmup 3] [--batch 200] [--hits 20000]
import 'reflect-metadata';
import { HttpAdapterHost } from '@nestjs/core';
import { passportJwtSecret } from 'jwks-rsa';
import jwt from 'jsonwebtoken';
import {
  CallingAuthenticator,
  CallingAuthGuard,
  TeamsCallingStrategy,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { verify } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import {
  contextFor,
  moduleContextFor,
  requestFor,
  type BenchRequest,
} from '../support/guard-harness.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '200' },
    hits: { type: 'string', default: '20000' },
    // For profiling one variant: `--only b` (the table then has that row only).
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const batch = Number(values.batch);
const hits = Number(values.hits);

/** Runs a passport strategy on one request the way passport does (a fresh object per attempt). */
function authenticate(
  strategy: JwtStrategy,
  request: BenchRequest,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const attempt = Object.create(strategy) as JwtStrategy;
    attempt.success = (user: unknown) => resolve(user);
    attempt.fail = (challenge: unknown) => reject(challenge as Error);
    attempt.error = (error: unknown) => reject(error as Error);
    attempt.authenticate(request as never, {});
  });
}

/** Exposes the guard's token reading (a protected step) for the fast-path measurement. */
class FastPathGuard extends CallingAuthGuard {
  read(request: BenchRequest): string | undefined {
    return this.getToken(request as never);
  }
}

const provider = await LocalOpenIdProvider.start();
const app = await moduleContextFor(provider);
const guard = app.get(CallingAuthGuard);
const authenticator = app.get(CallingAuthenticator);
const strategy = app.get(TeamsCallingStrategy);
const fastPath = new FastPathGuard(authenticator, app.get(HttpAdapterHost));
const keyObject = provider.currentKey.publicKey;

const plain = new JwtStrategy(
  {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKeyProvider: passportJwtSecret({
      cache: true,
      rateLimit: true,
      jwksRequestsPerMinute: 5,
      jwksUri: provider.jwksUri,
    }),
    algorithms: ['RS256'],
    issuer: provider.issuer,
    audience: provider.appId,
  },
  (payload: unknown, done: (e: null, u: unknown) => void) =>
    done(null, payload),
);

// As passport-jwt passes them for the teams-calling strategy.
const jwtOptions = {
  algorithms: ['RS256' as const],
  issuer: [provider.issuer] as [string],
  audience: [provider.appId] as [string],
  clockTolerance: 300,
};

let minted = 0;
const freshTokens = (count: number): string[] =>
  Array.from({ length: count }, () =>
    provider.mint({ claims: { jti: `t${minted++}` } }),
  );

type Name = 'a' | 'j' | 's' | 'b' | 'c' | 'd' | "d'";
const LABELS: Record<Name, string> = {
  a: '(a) floor: crypto.verify, KeyObject ready',
  j: '(j) for reference: jsonwebtoken.verify alone, KeyObject ready',
  s: '(s) for reference: the teams-calling strategy alone (no guard, no bearer parsing)',
  b: '(b) ours: guard, fresh token (passport-jwt + inspectToken + jsonwebtoken)',
  c: '(c) plain recipe: passport-jwt + passportJwtSecret, fresh token',
  d: '(d) cache hit: read bearer + cache lookup',
  "d'": "(d') cache hit: whole guard.canActivate, awaited",
};

// CPU time of this process (user + system), not wall time: the machine may be shared, and time
// spent descheduled is not a cost of verification. It includes GC helper threads, which is fair.
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** One batch of a variant on its own fresh tokens; returns CPU microseconds per operation. */
async function measure(name: Name, tokens: string[]): Promise<number> {
  if (name === 'd' || name === "d'") {
    const request = requestFor(cachedToken);
    const context = contextFor(request);
    const start = cpuMicros();
    if (name === 'd') {
      let found = 0;
      for (let i = 0; i < hits; i++) {
        const token = fastPath.read(request);
        // A cached token is answered without a promise; a miss would return one.
        if (
          token !== undefined &&
          !(
            authenticator.authenticate(request as never, token) instanceof
            Promise
          )
        )
          found++;
      }
      if (found !== hits) throw new Error('cache missed');
    } else {
      for (let i = 0; i < hits; i++) await guard.canActivate(context);
    }
    return (cpuMicros() - start) / hits;
  }
  const requests = tokens.map(requestFor);
  const start = cpuMicros();
  if (name === 'a') {
    for (const token of tokens) {
      const dot = token.lastIndexOf('.');
      const ok = verify(
        'sha256',
        Buffer.from(token.slice(0, dot)),
        keyObject,
        Buffer.from(token.slice(dot + 1), 'base64url'),
      );
      if (!ok) throw new Error('floor refused a token');
    }
  } else if (name === 'j') {
    for (const token of tokens) jwt.verify(token, keyObject, jwtOptions);
  } else if (name === 's') {
    for (let i = 0; i < tokens.length; i++)
      await strategy.verify(requests[i] as never, tokens[i]);
  } else if (name === 'b') {
    for (const request of requests)
      await guard.canActivate(contextFor(request));
  } else {
    for (const request of requests) await authenticate(plain, request);
  }
  return (cpuMicros() - start) / batch;
}

const cachedToken = provider.mint({ claims: { jti: 'cached' } });
await guard.canActivate(contextFor(requestFor(cachedToken)));

const all: Name[] = ['a', 'j', 's', 'b', 'c', 'd', "d'"];
const names: Name[] = values.only
  ? all.filter((n) => n === values.only || n === 'a')
  : all;
const samples = Object.fromEntries(
  all.map((n) => [n, [] as number[]]),
) as Record<Name, number[]>;
for (let round = 0; round < warmup + rounds; round++) {
  // Rotating the order spreads drift (GC, CPU frequency) over all variants.
  const order = names.map((_, i) => names[(i + round) % names.length]);
  // Every variant's tokens are minted before any is timed.
  const tokens = Object.fromEntries(
    order.map((name) => [name, name.startsWith('d') ? [] : freshTokens(batch)]),
  ) as Record<Name, string[]>;
  for (const name of order) {
    const perOp = await measure(name, tokens[name]);
    if (round >= warmup) samples[name].push(perOp);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const m = Object.fromEntries(all.map((n) => [n, median(samples[n])])) as Record<
  Name,
  number
>;

const lines = [
  `rounds ${rounds} (after ${warmup} warm-up), batch ${batch} fresh tokens, ${hits} cache hits per round`,
  '',
  '| variant | median CPU µs/op | × floor | ops/s (one core) |',
  '| --- | ---: | ---: | ---: |',
  ...names.map(
    (n) =>
      `| ${LABELS[n]} | ${m[n].toFixed(2)} | ${(m[n] / m.a).toFixed(2)} | ${Math.round(1e6 / m[n]).toLocaleString('en-US')} |`,
  ),
  '',
  `(b)/(a) = ${(m.b / m.a).toFixed(2)} (target ≤ 1.5): ${m.b / m.a <= 1.5 ? 'met' : 'MISSED'}`,
  `(c)/(b) = ${(m.c / m.b).toFixed(2)}`,
  `(d) = ${m.d.toFixed(2)} µs (target < 5): ${m.d < 5 ? 'met' : 'MISSED'}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

await app.close();
await provider.close();
