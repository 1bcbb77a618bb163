// Mints RS256 calling tokens in a worker thread, so that a million distinct tokens can be made
// on both cores while the main thread verifies them.
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { signRs256 } from 'nestjs-calling-webhook/testing';

interface MinterData {
  readonly privateKeyPem: string;
  readonly kid: string;
  readonly claims: Record<string, unknown>;
  readonly prefix: string;
}

const data = workerData as MinterData;
const privateKey = createPrivateKey(data.privateKeyPem);
const header = { alg: 'RS256', typ: 'JWT', kid: data.kid, x5t: data.kid };
let serial = 0;

parentPort?.on('message', (count: number) => {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      signRs256(
        header,
        { ...data.claims, jti: `${data.prefix}-${serial++}` },
        privateKey,
      ),
    );
  }
  parentPort?.postMessage(tokens);
});
