// Memory after N distinct valid tokens (issue 7): every token goes through the webhook's guard
// (verified, then remembered); the verified-token cache must stay bounded, so RSS must not grow
// with N. Tokens are minted by two worker threads while this thread verifies.
//   node --expose-gc dist-bench/load/memory.js [--tokens 1000000]
import 'reflect-metadata';
import { CallingAuthGuard } from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { parseArgs } from 'node:util';
import {
  contextFor,
  moduleContextFor,
  requestFor,
} from '../support/guard-harness.js';
import { TokenMinter } from './tokens.js';

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

const minter = TokenMinter.start(provider);

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;
const samples: string[] = [];
const checkpoints = new Set([20_000, 100_000, 250_000, 500_000, total]);
let verified = 0;
let baselineRss = 0;
let warmRss = 0;
const started = Date.now();

// Keeps the next batch in the workers' hands while the current one is verified.
let pending = minter.mint(batch);
while (verified < total) {
  const tokens = await pending;
  pending = minter.mint(batch);
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
await pending;
await minter.close();
await app.close();
await provider.close();
