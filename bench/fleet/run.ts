// The fleet benchmark of issue 13, in one run: Redis round trips per notification on the owner
// path and on the forwarded path (the commands clients send, seen by MONITOR around sequential
// notifications, the idle rate taken off), acknowledgement latency one notification at a time without a fleet, on the owner
// and forwarded, and throughput of one instance against three behind a round-robin balancer.
// The servers are the built sample bot (`npm run build`), each its own process.
//   node dist-bench/fleet/run.js [--requests 1500] [--seconds 6] [--connections 32] [--calls 300] [--out FILE]
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  LocalLoadBalancer,
  LocalOpenIdProvider,
} from 'nestjs-calling-webhook/testing';
import { freePort, ServerProcess } from '../load/server-process.js';
import { SAMPLE_MAIN } from '../load/variants.js';
import { closeClient, percentile, post } from './client.js';
import { incomingBody, updateBody } from './notifications.js';
import { BenchRedis } from './redis.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1500' },
    seconds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '32' },
    calls: { type: 'string', default: '300' },
    out: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const CALLS = Number(values.calls);

const out: string[] = [];
function report(line = ''): void {
  out.push(line);
  console.log(line);
}

async function startSample(
  name: string,
  provider: LocalOpenIdProvider,
  redisUrl: string | undefined,
): Promise<ServerProcess> {
  const port = await freePort();
  return ServerProcess.start({
    name,
    script: SAMPLE_MAIN,
    args: [],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      CALLING_APP_ID: provider.appId,
      CALLING_OPENID_CONFIGURATION_URL: provider.openIdConfigurationUrl,
      CALLING_INSTANCE_ID: name,
      ...(redisUrl ? { CALLING_REDIS_URL: redisUrl } : {}),
    },
    port,
  });
}

/** Sends each call's incoming notification to `server`, which claims the calls. */
async function seedCalls(
  server: ServerProcess,
  provider: LocalOpenIdProvider,
  token: string,
  count: number,
): Promise<string[]> {
  const calls = Array.from({ length: count }, () => randomUUID());
  for (const callId of calls) {
    const { status } = await post(
      server.url,
      incomingBody(callId, provider.tenantId, provider.appId),
      token,
    );
    if (status !== 202) throw new Error(`seeding a call answered ${status}`);
  }
  return calls;
}

/** Sequential notifications of `calls` to `url`: their latencies, in ms. */
async function sequential(
  url: string,
  calls: readonly string[],
  token: string,
  count: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const { status, ms } = await post(
      url,
      updateBody(calls[i % calls.length]),
      token,
    );
    if (status !== 202) throw new Error(`a notification answered ${status}`);
    latencies.push(ms);
  }
  return latencies;
}

/** Redis commands per notification sent to `url` (idle traffic of the same time taken off). */
async function commandsPerNotification(
  redis: BenchRedis,
  url: string,
  calls: readonly string[],
  token: string,
  idlePerMs: Map<string, number>,
): Promise<{ total: number; byCommand: string }> {
  const started = performance.now();
  const counts = await redis.commandsDuring(async () => {
    await sequential(url, calls, token, REQUESTS);
    // The owner acknowledges a forwarded entry after answering: let those land.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  const elapsed = performance.now() - started;
  let total = 0;
  const parts: string[] = [];
  for (const [name, sent] of [...counts].sort((a, b) => b[1] - a[1])) {
    const net =
      Math.max(0, sent - (idlePerMs.get(name) ?? 0) * elapsed) / REQUESTS;
    if (net < 0.005) continue;
    total += net;
    parts.push(`${name} ${net.toFixed(2)}`);
  }
  return { total, byCommand: parts.join(', ') };
}

async function idleRate(
  redis: BenchRedis,
  ms: number,
): Promise<Map<string, number>> {
  const counts = await redis.commandsDuring(
    () => new Promise((resolve) => setTimeout(resolve, ms)),
  );
  return new Map([...counts].map(([name, sent]) => [name, sent / ms]));
}

async function throughput(
  url: string,
  calls: readonly string[],
  token: string,
): Promise<{ rps: number; p50: number; p99: number; failures: number }> {
  let serial = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    requests: [
      {
        setupRequest: (request) => {
          const n = serial++;
          return {
            ...request,
            body: updateBody(calls[n % calls.length]),
            headers: {
              ...request.headers,
              'x-microsoft-skype-message-id': `fleet-load-${n}`,
            },
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.non2xx,
  };
}

const fmt = (ms: number) => ms.toFixed(2);

async function main(): Promise<void> {
  const started = Date.now();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const redis = await BenchRedis.start();
  const provider = await LocalOpenIdProvider.start();
  const token = provider.mint();
  const servers: ServerProcess[] = [];
  let balancer: LocalLoadBalancer | undefined;
  try {
    const solo = await startSample('solo', provider, undefined);
    servers.push(solo);
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((id) => startSample(id, provider, redis.url)),
    );
    servers.push(a, b, c);
    const ofA = await seedCalls(a, provider, token, CALLS);
    const ofSolo = await seedCalls(solo, provider, token, CALLS);
    // Warm-up: keys fetched, tokens cached, code paths compiled.
    for (const [url, calls] of [
      [solo.url, ofSolo],
      [a.url, ofA],
      [b.url, ofA],
    ] as const)
      await sequential(url, calls, token, 300);

    const idle = await idleRate(redis, 3_000);
    const ownerCommands = await commandsPerNotification(
      redis,
      a.url,
      ofA,
      token,
      idle,
    );
    const forwardedCommands = await commandsPerNotification(
      redis,
      b.url,
      ofA,
      token,
      idle,
    );

    // Interleaved in rounds, so that the machine's other load falls on all three alike.
    const latencies = {
      solo: [] as number[],
      owner: [] as number[],
      forwarded: [] as number[],
    };
    for (let round = 0; round < 3; round++) {
      latencies.solo.push(
        ...(await sequential(solo.url, ofSolo, token, REQUESTS / 3)),
      );
      latencies.owner.push(
        ...(await sequential(a.url, ofA, token, REQUESTS / 3)),
      );
      latencies.forwarded.push(
        ...(await sequential(b.url, ofA, token, REQUESTS / 3)),
      );
    }

    const ofB = await seedCalls(b, provider, token, CALLS);
    const ofC = await seedCalls(c, provider, token, CALLS);
    balancer = await LocalLoadBalancer.start({
      upstreams: [a, b, c].map((s) => s.url.replace(/\/api\/calls$/, '')),
    });
    const spread = ofA.flatMap((id, i) => [id, ofB[i], ofC[i]]);
    const one = await throughput(a.url, ofA, token);
    const three = await throughput(`${balancer.url}/api/calls`, spread, token);
    const soloLoad = await throughput(solo.url, ofSolo, token);

    const p50 = (values: number[]) => percentile(values, 50);
    const p99 = (values: number[]) => percentile(values, 99);
    report(
      `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}; load average ${load} before, ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} after`,
    );
    report(
      `Run: ${REQUESTS} sequential notifications per path, ${CALLS} calls per instance, throughput ${SECONDS} s at ${CONNECTIONS} connections; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    );
    report();
    report(
      'Redis round trips per notification: the commands clients sent (MONITOR; a script counts once), the idle rate taken off:',
    );
    report();
    report('| path | commands | by command |');
    report('| --- | ---: | --- |');
    report(
      `| owner (the instance that owns the call gets it) | ${ownerCommands.total.toFixed(2)} | ${ownerCommands.byCommand} |`,
    );
    report(
      `| forwarded (another instance gets it, hands it to the owner) | ${forwardedCommands.total.toFixed(2)} | ${forwardedCommands.byCommand} |`,
    );
    report();
    report(
      'Acknowledgement latency, one notification at a time (3 interleaved rounds):',
    );
    report();
    report('| server | p50 ms | p99 ms |');
    report('| --- | ---: | ---: |');
    report(
      `| one instance, no fleet | ${fmt(p50(latencies.solo))} | ${fmt(p99(latencies.solo))} |`,
    );
    report(
      `| fleet, owner path | ${fmt(p50(latencies.owner))} | ${fmt(p99(latencies.owner))} |`,
    );
    report(
      `| fleet, forwarded to the owner | ${fmt(p50(latencies.forwarded))} | ${fmt(p99(latencies.forwarded))} |`,
    );
    report();
    report(
      `Forwarding adds ${fmt(p50(latencies.forwarded) - p50(latencies.owner))} ms at p50 (target < 2 ms); the fleet's owner path adds ${fmt(p50(latencies.owner) - p50(latencies.solo))} ms over no fleet.`,
    );
    report();
    report(
      `Throughput (autocannon, ${CONNECTIONS} connections, ${SECONDS} s):`,
    );
    report();
    report('| setup | req/s | p50 ms | p99 ms | errors + non-2xx |');
    report('| --- | ---: | ---: | ---: | ---: |');
    report(
      `| one instance, no fleet | ${soloLoad.rps.toFixed(0)} | ${soloLoad.p50} | ${soloLoad.p99} | ${soloLoad.failures} |`,
    );
    report(
      `| fleet of one (its own calls) | ${one.rps.toFixed(0)} | ${one.p50} | ${one.p99} | ${one.failures} |`,
    );
    report(
      `| fleet of three behind the balancer (2 in 3 forwarded) | ${three.rps.toFixed(0)} | ${three.p50} | ${three.p99} | ${three.failures} |`,
    );
    report();
    report(
      `Ratio 3 instances / 1 = ${(three.rps / one.rps).toFixed(2)} (all on the same ${cpus().length} cores).`,
    );
    if (values.out) writeFileSync(values.out, `${out.join('\n')}\n`);
  } finally {
    closeClient();
    await balancer?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await provider.close();
    await redis.stop();
  }
}

await main();
