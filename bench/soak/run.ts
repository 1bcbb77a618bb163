// The soak of issue 8: the module in its own process (soak-server.js), loaded from this one over
// loopback. First a short closed loop measures the maximum rate of valid notifications; then
// mixed traffic runs at a fraction of it (default 80 %) for a while (default 60 s):
//   valid notifications (fresh message ids), redeliveries of accepted ones (after their 202, and
//   a few while the first is still in flight), legacy bodies, bad tokens, junk bodies.
// It fails (exit code 1) if a valid notification is not answered 202, a handler ran twice, or any
// request got an unexpected answer. RSS is sampled every 5 s.
//   node dist-bench/soak/run.js [--duration 60] [--measure 5] [--load 0.8] [--concurrency 64]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { FIXTURES_DIR, incomingCallBody } from '../load/fixture-body.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    measure: { type: 'string', default: '5' },
    load: { type: 'string', default: '0.8' },
    concurrency: { type: 'string', default: '64' },
    port: { type: 'string', default: '3497' },
  },
});
const durationS = Number(values.duration);
const measureS = Number(values.measure);
const load = Number(values.load);
const concurrency = Number(values.concurrency);
const port = Number(values.port);
const here = dirname(fileURLToPath(import.meta.url));

type Kind =
  'valid' | 'redelivery' | 'concurrent' | 'legacy' | 'badToken' | 'junk';
const EXPECTED: Record<Kind, readonly number[]> = {
  valid: [202],
  redelivery: [202],
  concurrent: [202],
  legacy: [204],
  badToken: [401],
  junk: [400, 415],
};
// The mix, in per cent (`concurrent` sends two requests).
const MIX: readonly [Kind, number][] = [
  ['valid', 55],
  ['redelivery', 10],
  ['concurrent', 2],
  ['legacy', 10],
  ['badToken', 13],
  ['junk', 10],
];

interface Outcome {
  status: number;
  error?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const INCOMING = incomingCallBody();
const LEGACY = readFileSync(
  resolve(FIXTURES_DIR, 'legacy', '01__conversation.fixed.json'),
  'utf8',
);
const JUNK: readonly [string, string][] = [
  ['application/json', '{"value": ['],
  ['application/json', '{"hello":"world"}'],
  ['application/json', '[]'],
  ['text/plain', 'not json at all'],
  ['application/json', '{"value":[{"changeType":5}]}'],
];

function post(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome> {
  return new Promise((done) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => done({ status: 0, error: error.message }));
    req.end(body);
  });
}

async function stats(): Promise<{
  runs: number;
  notifications: number;
  ranTwice: number;
  rss: number;
  heapUsed: number;
}> {
  const res = await fetch(`http://127.0.0.1:${port}/soak/stats`);
  return (await res.json()) as Awaited<ReturnType<typeof stats>>;
}

async function startServer(
  provider: LocalOpenIdProvider,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      resolve(here, 'soak-server.js'),
      String(port),
      provider.openIdConfigurationUrl,
      provider.appId,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) =>
      fail(new Error(`soak server exited (${code})`)),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready();
    });
  });
  return child;
}

const provider = await LocalOpenIdProvider.start();
const server = await startServer(provider);
const forger = LocalOpenIdProvider.createKey();

// The platform reuses a token for many notifications: a small pool, renewed every minute.
let tokens: string[] = [];
const renewTokens = () => {
  tokens = Array.from({ length: 16 }, (_, i) =>
    provider.mint({ claims: { jti: `soak-${Date.now()}-${i}` } }),
  );
};
renewTokens();
const renewal = setInterval(renewTokens, 60_000);
const token = () => tokens[Math.floor(Math.random() * tokens.length)];
// Minted once: signing is the client's own cost, not the bot's.
const BAD_TOKENS = [
  provider.mint({ claims: { exp: Math.floor(Date.now() / 1000) - 3_600 } }),
  provider.mint({ header: { alg: 'none' } }),
  provider.mint({ signingKey: forger }),
  provider.mint({ signingKey: { ...forger, kid: provider.currentKey.kid } }),
  'not-a-token',
];

const accepted: { id: string }[] = [];
const counts = new Map<string, number>();
const unexpected = new Map<string, number>();
let validAccepted = 0;
let inFlight = 0;
let skipped = 0;

function note(kind: Kind, outcome: Outcome): void {
  const key = `${kind} ${outcome.status}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (!EXPECTED[kind].includes(outcome.status)) {
    const why = `${key}${outcome.error ? ` (${outcome.error})` : ''}`;
    unexpected.set(why, (unexpected.get(why) ?? 0) + 1);
  }
}

async function sendValid(id = randomUUID()): Promise<Outcome> {
  const outcome = await post(
    '/api/calls',
    {
      authorization: `Bearer ${token()}`,
      'content-type': 'application/json',
      'x-microsoft-skype-message-id': id,
    },
    INCOMING,
  );
  if (outcome.status === 202) {
    validAccepted++;
    accepted.push({ id });
  }
  return outcome;
}

async function sendOne(kind: Kind): Promise<void> {
  const headers = (t: string, type = 'application/json') => ({
    authorization: `Bearer ${t}`,
    'content-type': type,
    'x-microsoft-skype-message-id': randomUUID(),
  });
  switch (kind) {
    case 'valid':
      return note(kind, await sendValid());
    case 'redelivery': {
      const earlier = accepted[Math.floor(Math.random() * accepted.length)];
      if (!earlier) return note('valid', await sendValid());
      const outcome = await post(
        '/api/calls',
        { ...headers(token()), 'x-microsoft-skype-message-id': earlier.id },
        INCOMING,
      );
      return note(kind, outcome);
    }
    case 'concurrent': {
      const id = randomUUID();
      const [first, second] = await Promise.all([
        sendValid(id),
        post(
          '/api/calls',
          { ...headers(token()), 'x-microsoft-skype-message-id': id },
          INCOMING,
        ),
      ]);
      // Only the first counts as a valid notification; the second is its redelivery.
      if (first.status === 202) accepted.pop();
      note('valid', first);
      if (first.status === 202) accepted.push({ id });
      return note(kind, second);
    }
    case 'legacy':
      return note(kind, await post('/api/calls', headers(token()), LEGACY));
    case 'badToken': {
      const t = BAD_TOKENS[Math.floor(Math.random() * BAD_TOKENS.length)];
      return note(kind, await post('/api/calls', headers(t), INCOMING));
    }
    case 'junk': {
      const [type, body] = JUNK[Math.floor(Math.random() * JUNK.length)];
      return note(kind, await post('/api/calls', headers(token(), type), body));
    }
  }
}

function pickKind(): Kind {
  let roll = Math.random() * 100;
  for (const [kind, share] of MIX) {
    if ((roll -= share) < 0) return kind;
  }
  return 'valid';
}

// 1. The maximum: `concurrency` workers posting valid notifications back to back.
const measureEnd = Date.now() + measureS * 1_000;
let measured = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < measureEnd) {
      note('valid', await sendValid());
      measured++;
    }
  }),
);
const maxRps = measured / measureS;
const targetRps = Math.round(maxRps * load);
console.log(
  `max ${maxRps.toFixed(0)} req/s (valid notifications, ${concurrency} connections, ${measureS} s); soak at ${targetRps} req/s for ${durationS} s`,
);

// 2. The soak: an open loop at the target rate, in 10 ms ticks.
const rss: { t: number; mb: number; heapMb: number }[] = [];
const started = Date.now();
const sampleRss = async () => {
  const now = await stats();
  rss.push({
    t: Math.round((Date.now() - started) / 1000),
    mb: now.rss / 1024 / 1024,
    heapMb: now.heapUsed / 1024 / 1024,
  });
};
await sampleRss();
const sampler = setInterval(() => void sampleRss(), 5_000);
let sent = 0;
let owed = 0;
const pending = new Set<Promise<void>>();
await new Promise<void>((finish) => {
  const tick = setInterval(() => {
    if (Date.now() - started >= durationS * 1_000) {
      clearInterval(tick);
      finish();
      return;
    }
    owed += targetRps / 100;
    for (; owed >= 1; owed--) {
      if (inFlight >= concurrency * 4) {
        skipped++;
        continue;
      }
      inFlight++;
      sent++;
      const p = sendOne(pickKind()).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
  }, 10);
});
await Promise.all(pending);
clearInterval(sampler);
await sampleRss();
clearInterval(renewal);

// 3. What the bot saw.
await new Promise((r) => setTimeout(r, 500));
const seen = await stats();
const elapsed = (Date.now() - started) / 1000;
const summary = {
  maxRps: Math.round(maxRps),
  targetRps,
  achievedRps: Math.round(sent / elapsed),
  sent,
  skippedAtCap: skipped,
  validAccepted,
  handlerRuns: seen.runs,
  notificationsHandled: seen.notifications,
  ranTwice: seen.ranTwice,
  rssStartMb: Number(rss[0].mb.toFixed(1)),
  rssEndMb: Number(rss[rss.length - 1].mb.toFixed(1)),
  rssMaxMb: Number(Math.max(...rss.map((s) => s.mb)).toFixed(1)),
  answers: Object.fromEntries(
    [...counts].sort(([a], [b]) => a.localeCompare(b)),
  ),
  unexpected: Object.fromEntries(unexpected),
};
console.log(JSON.stringify(summary, null, 2));
console.log(
  `rss MB (heap used) every 5 s: ${rss.map((s) => `${s.t}s ${s.mb.toFixed(0)} (${s.heapMb.toFixed(0)})`).join(', ')}`,
);

const problems = [
  unexpected.size > 0 && 'unexpected answers',
  seen.ranTwice > 0 && 'a handler ran twice',
  seen.notifications !== validAccepted &&
    `handled ${seen.notifications} notifications but ${validAccepted} were accepted`,
  seen.runs !== seen.notifications && 'more runs than notifications',
].filter(Boolean);
server.kill('SIGTERM');
agent.destroy();
await provider.close();
if (problems.length > 0) {
  console.error(`SOAK FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(
    'soak passed: every valid notification answered 202 and handled once',
  );
}
