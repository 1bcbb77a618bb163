import {
  createPrivateKey,
  createPublicKey,
  X509Certificate,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  LocalOpenIdProvider,
  type LocalSigningKey,
} from '../local-openid-provider.js';
import {
  createLocalTlsCredentials,
  type LocalTlsCredentials,
} from '../local-tls.js';

/** What fixed-port runs keep between runs, so that a bot started once keeps trusting them. */
export interface SimState {
  readonly tls: LocalTlsCredentials;
  readonly signingKey: LocalSigningKey;
  /** The authority's certificate as a file, for the bot's `NODE_EXTRA_CA_CERTS`. */
  readonly caFile: string;
}

interface StoredState {
  tls: LocalTlsCredentials;
  signing: { kid: string; privateKey: string };
}

// A certificate about to expire is replaced (the bot must then be restarted to trust the new one).
const MIN_REMAINING_MS = 3_600_000;

/** Loads the state kept in `directory`, or makes and keeps a fresh one. */
export async function loadSimState(directory: string): Promise<SimState> {
  const dir = resolve(directory);
  const file = join(dir, 'state.json');
  const caFile = join(dir, 'ca.pem');
  const stored = await readStored(file);
  if (stored) {
    await writeFile(caFile, stored.tls.cert);
    return { ...fromStored(stored), caFile };
  }
  const tls = await createLocalTlsCredentials();
  const signingKey = LocalOpenIdProvider.createKey();
  await mkdir(dir, { recursive: true });
  const state: StoredState = {
    tls,
    signing: {
      kid: signingKey.kid,
      privateKey: signingKey.privateKey
        .export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    },
  };
  await writeFile(file, JSON.stringify(state), { mode: 0o600 });
  await writeFile(caFile, tls.cert);
  return { tls, signingKey, caFile };
}

async function readStored(file: string): Promise<StoredState | undefined> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as StoredState;
    const validTo = Date.parse(new X509Certificate(stored.tls.cert).validTo);
    return validTo - Date.now() > MIN_REMAINING_MS ? stored : undefined;
  } catch {
    return undefined;
  }
}

function fromStored(stored: StoredState): Omit<SimState, 'caFile'> {
  const privateKey = createPrivateKey(stored.signing.privateKey);
  return {
    tls: stored.tls,
    signingKey: {
      kid: stored.signing.kid,
      privateKey,
      publicKey: createPublicKey(privateKey),
    },
  };
}
