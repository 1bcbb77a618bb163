// Tokens for the fresh-token variants, minted before the clock starts: signing costs about as much
// as verifying, and minting inside a measured round would take the servers' CPU.
import type { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { Worker } from 'node:worker_threads';

/** Mints distinct valid tokens of `provider` on worker threads, one per core. */
export class TokenMinter {
  private constructor(private readonly workers: Worker[]) {}

  static start(provider: LocalOpenIdProvider, threads = 2): TokenMinter {
    const now = Math.floor(Date.now() / 1000);
    const privateKeyPem = provider.currentKey.privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    const workers = Array.from(
      { length: threads },
      (_, i) =>
        new Worker(new URL('./token-minter.worker.js', import.meta.url), {
          workerData: {
            privateKeyPem,
            kid: provider.currentKey.kid,
            claims: {
              aud: provider.appId,
              iss: provider.issuer,
              tid: provider.tenantId,
              nbf: now,
              exp: now + 7200,
            },
            prefix: `bench-w${i}`,
          },
        }),
    );
    return new TokenMinter(workers);
  }

  /** `count` tokens no server has seen (each has its own `jti`). */
  async mint(count: number): Promise<string[]> {
    const share = Math.ceil(count / this.workers.length);
    const batches = await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<string[]>((resolve) => {
            worker.once('message', resolve);
            worker.postMessage(share);
          }),
      ),
    );
    return batches.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Hands out its tokens once each; past the end it starts again and counts the reuses. */
export class TokenPool {
  private index = 0;
  reused = 0;

  constructor(private readonly tokens: readonly string[]) {}

  next(): string {
    if (this.index >= this.tokens.length) this.reused++;
    return this.tokens[this.index++ % this.tokens.length];
  }
}
