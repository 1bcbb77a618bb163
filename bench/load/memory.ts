// Memory after N distinct valid tokens (issue 7): every token goes through the webhook's guard
// (verified, then remembered); the verified-token cache must stay bounded, so RSS must not grow
// with N. Tokens are minted by two worker threads while this thread verifies.
//   node --expose-gc dist-bench/load/memory.js [--tokens 1000000]
import 'reflect-metadata';
import { CallingAuthGuard } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import {
  contextFor,
  moduleContextFor,
  requestFor,
} from '../support/guard-harness.js';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '2000' },
  },
});
const total = Number(values.tokens);
const batch = Number(values.batch);

const provider = await LocalOpenIdProvider.start();
const app = await moduleContextFor(provider);
const guard = app.get(CallingAuthGuard);

const now = Math.floor(Date.now() / 1000);
const workers = [0, 1].map(
  (i) =>
    new Worker(new URL('./token-minter.worker.js', import.meta.url), {
      workerData: {
        privateKeyPem: provider.currentKey.privateKey.export({
          format: 'pem',
          type: 'pkcs8',
        }),
        kid: provider.currentKey.kid,
        claims: {
          aud: provider.appId,
          iss: provider.issuer,
          tid: provider.tenantId,
          nbf: now,
          exp: now + 7200,
        },
        prefix: `w${i}`,
      },
    }),
);
const mint = (worker: Worker): Promise<string[]> =>
  new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(batch);
  });

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;
const samples: string[] = [];
const checkpoints = new Set([20_000, 100_000, 250_000, 500_000, total]);
let verified = 0;
let baselineRss = 0;
let warmRss = 0;
const started = Date.now();

// Keeps one batch per worker in flight while the current one is verified.
let pending = workers.map(mint);
let next = 0;
while (verified < total) {
  const tokens = await pending[next];
  pending[next] = mint(workers[next]);
  next = (next + 1) % workers.length;
  for (const token of tokens) {
    if (verified >= total) break;
    await guard.canActivate(contextFor(requestFor(token)));
    verified++;
    if (checkpoints.has(verified)) {
      gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      if (verified === 20_000 || baselineRss === 0) baselineRss = rss;
      if (verified === 100_000) warmRss = rss;
      const line = `${verified.toLocaleString('en')} tokens: RSS ${mb(rss)} MB (+${mb(rss - baselineRss)} since 20,000), heap ${mb(heapUsed)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s`;
      samples.push(line);
      process.stdout.write(`${line}\n`);
    }
  }
}
const finalRss = process.memoryUsage().rss;
const growth = finalRss - baselineRss;
if (warmRss > 0) {
  process.stdout.write(
    `RSS growth from 100,000 to ${total.toLocaleString('en')} tokens (workers warm): ${mb(finalRss - warmRss)} MB\n`,
  );
}
process.stdout.write(
  `RSS growth from 20,000 to ${total.toLocaleString('en')} tokens: ${mb(growth)} MB (target < 64 MB): ${growth < 64 * 1024 * 1024 ? 'met' : 'MISSED'}\n`,
);
await Promise.all(workers.map((w) => w.terminate()));
await app.close();
await provider.close();
