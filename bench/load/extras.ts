// The measures beside the throughput table: one notification at a time (an incoming call and a
// 500-participant roster through the sample), and cold starts.
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { incomingCallBody, rosterBody } from './fixture-body.js';
import { measure } from './load.js';
import { freePort, ServerProcess } from './server-process.js';
import { webhookModuleSpec, type HttpAdapter } from './variants.js';

/** Latency of one connection on the reused-token sample servers, per adapter and body. */
export async function latencyTable(
  servers: ReadonlyMap<string, ServerProcess>,
  reusedToken: string,
  seconds: number,
): Promise<string> {
  const bodies = [
    ['incoming call', incomingCallBody()],
    ['500-participant roster', rosterBody(500)],
  ] as const;
  const rows: string[] = [];
  for (const adapter of ['express', 'fastify'] as const) {
    const server = servers.get(`B-${adapter}`);
    if (!server) continue;
    for (const [name, body] of bodies) {
      const m = await measure(server, {
        seconds,
        connections: 1,
        body,
        token: () => reusedToken,
      });
      rows.push(
        `| B-${adapter} | ${name} (${body.length} B) | ${m.p50} | ${m.p99} | ${m.rps.toFixed(0)} | ${m.cpuUsPerRequest.toFixed(0)} | ${m.failures} |`,
      );
    }
  }
  return [
    '| server | body | p50 ms | p99 ms | req/s | server CPU µs/req | errors + non-2xx |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** A new module server and key source, 100 concurrent first requests with fresh tokens, fetches counted. */
async function coldStart(
  adapter: HttpAdapter,
  prefetchKeys: boolean,
): Promise<string> {
  const provider = await LocalOpenIdProvider.start();
  try {
    const tokens = Array.from({ length: 100 }, () =>
      provider.mint({ lifetimeSeconds: 3600 }),
    );
    const spec = webhookModuleSpec(
      adapter,
      await freePort(),
      provider,
      prefetchKeys,
    );
    const server = await ServerProcess.start(spec);
    try {
      const body = incomingCallBody();
      const statuses = await Promise.all(
        tokens.map(async (token, i) => {
          const response = await fetch(server.url, {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'x-microsoft-skype-message-id': `cold-${adapter}-${prefetchKeys}-${i}`,
            },
          });
          return response.status;
        }),
      );
      const accepted = statuses.filter((s) => s === 202).length;
      return `| ${adapter} | ${prefetchKeys} | ${accepted} / 100 | ${provider.requests.configuration} | ${provider.requests.jwks} |`;
    } finally {
      await server.stop();
    }
  } finally {
    await provider.close();
  }
}

/** Cold starts of the module on each adapter, with and without `prefetchKeys`. */
export async function coldStartTable(): Promise<string> {
  const rows: string[] = [];
  for (const adapter of ['express', 'fastify'] as const)
    for (const prefetchKeys of [true, false])
      rows.push(await coldStart(adapter, prefetchKeys));
  return [
    '| adapter | prefetchKeys | accepted | OpenID configuration fetches | JWKS fetches |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
