import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppTokenError, MsalAppTokenSource } from 'nestjs-calling-webhook';
import { LocalTokenEndpoint } from 'nestjs-calling-webhook/testing';
import { TENANT_A } from './support/control-kit.js';

const run = promisify(execFile);

// msal's own HTTP client (Node's fetch) against the local https authority, in a child process:
// NODE_EXTRA_CA_CERTS is read only when Node starts, so this is the only honest way to try it.
const PROBE = `
import { ConfidentialClientApplication } from '@azure/msal-node';
const [authorityHost, tenant, clientId, clientSecret] = process.argv.slice(1);
const client = new ConfidentialClientApplication({
  auth: { clientId, clientSecret, authority: authorityHost + '/' + tenant,
          knownAuthorities: [new URL(authorityHost).host] },
});
try {
  const result = await client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  process.stdout.write(result?.accessToken ? 'token' : 'none');
} catch (error) {
  process.stdout.write('error:' + error.errorCode);
}`;

describe('msal with its default HTTP client, offline', () => {
  let tokens: LocalTokenEndpoint;
  let dir: string;
  let caFile: string;
  beforeAll(async () => {
    tokens = await LocalTokenEndpoint.start();
    dir = await mkdtemp(join(tmpdir(), 'calling-ca-'));
    caFile = join(dir, 'ca.pem');
    await writeFile(caFile, tokens.caCertificate);
  });
  afterAll(async () => {
    await tokens.close();
    await rm(dir, { recursive: true, force: true });
  });

  const probe = async (env: NodeJS.ProcessEnv) =>
    (
      await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          PROBE,
          tokens.authorityHost,
          TENANT_A,
          tokens.clientId,
          tokens.clientSecret,
        ],
        { env, cwd: process.cwd(), timeout: 15_000 },
      )
    ).stdout;

  it('gets a token from the local authority when Node trusts its certificate (NODE_EXTRA_CA_CERTS)', async () => {
    expect(await probe({ ...process.env, NODE_EXTRA_CA_CERTS: caFile })).toBe(
      'token',
    );
    expect(tokens.issuedCount(TENANT_A)).toBe(1);
    expect(tokens.requests.metadata).toBe(1);
  });

  it('does not without it (the certificate is what makes it work, not a fallback)', async () => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    expect(await probe(env)).toMatch(/^error:/);
  });
});

describe('the app token source, when Node does not trust the authority', () => {
  it('says what to do: NODE_EXTRA_CA_CERTS at start, not in a .env file', async () => {
    const tokens = await LocalTokenEndpoint.start();
    try {
      const source = new MsalAppTokenSource(
        { clientId: tokens.clientId, clientSecret: tokens.clientSecret },
        tokens.authorityHost,
        'https://graph.microsoft.com/v1.0',
      );
      const failure = source.getToken(TENANT_A);
      await expect(failure).rejects.toBeInstanceOf(AppTokenError);
      await expect(failure).rejects.toThrow(
        /could not be reached; .*NODE_EXTRA_CA_CERTS.*\.env file does nothing/,
      );
      await expect(failure).rejects.not.toThrow(tokens.clientSecret);
    } finally {
      await tokens.close();
    }
  });
});
