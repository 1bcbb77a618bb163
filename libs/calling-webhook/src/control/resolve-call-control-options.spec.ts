import {
  resolveCallControlOptions,
  validateCallControlOptions,
} from './resolve-call-control-options.js';
import type { CallControlOptions } from './call-control-options.interface.js';

const APP = ['00000000-0000-0000-0000-0000000000b0'];
const problems = (raw: CallControlOptions, appIds: unknown[] = APP) =>
  validateCallControlOptions(raw, appIds);

describe('call-control options', () => {
  it('needs nothing: without credentials call control is simply off', () => {
    expect(problems({})).toEqual([]);
    const resolved = resolveCallControlOptions({}, APP);
    expect(resolved.credentials).toBeUndefined();
    expect(resolved.graphBaseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(resolved.authorityHost).toBe('https://login.microsoftonline.com');
    expect(resolved.graphRequestTimeoutMs).toBe(5000);
    expect(resolved.graphRetry).toEqual({
      maxAttempts: 4,
      maxTotalMs: 10_000,
      baseDelayMs: 250,
    });
  });

  it('takes the client id from appId and trims trailing slashes', () => {
    const resolved = resolveCallControlOptions(
      {
        credentials: { clientSecret: 's' },
        graphBaseUrl: 'https://graph.microsoft.us/v1.0/',
        authorityHost: 'https://login.microsoftonline.us/',
      },
      APP,
    );
    expect(resolved.credentials?.clientId).toBe(APP[0]);
    expect(resolved.graphBaseUrl).toBe('https://graph.microsoft.us/v1.0');
    expect(resolved.authorityHost).toBe('https://login.microsoftonline.us');
  });

  it('names each bad option', () => {
    expect(problems({ credentials: {} })).toEqual([
      'credentials needs a clientSecret or a certificate; leave credentials out when the bot does not act on calls',
    ]);
    // What `{ clientSecret: process.env.CALLING_APP_SECRET }` gives with the variable unset.
    expect(problems({ credentials: { clientSecret: undefined } })).toEqual([
      'credentials needs a clientSecret or a certificate; leave credentials out when the bot does not act on calls',
    ]);
    expect(
      problems({
        credentials: {
          clientSecret: 's',
          certificate: { privateKey: 'k', thumbprintSha256: 'a'.repeat(64) },
        },
      }),
    ).toEqual(['credentials takes a clientSecret or a certificate, not both']);
    expect(problems({ credentials: { clientSecret: ' ' } })).toContain(
      'credentials.clientSecret must be a non-empty string',
    );
    expect(
      problems({
        credentials: { certificate: { privateKey: 'k', thumbprint: 'xyz' } },
      }),
    ).toEqual([
      'credentials.certificate needs thumbprintSha256 (64 hex digits) or thumbprint (40 hex digits)',
    ]);
    expect(
      problems({ credentials: { clientSecret: 's' } }, ['a', 'b']),
    ).toEqual([
      'credentials.clientId is required when appId lists several App IDs',
    ]);
    expect(problems({ graphBaseUrl: 'http://graph.example.com/v1.0' })).toEqual(
      [
        'graphBaseUrl must be an absolute https URL (http only on a loopback host)',
      ],
    );
    expect(problems({ graphBaseUrl: 'http://127.0.0.1:4000/v1.0' })).toEqual(
      [],
    );
    expect(problems({ authorityHost: 'http://127.0.0.1:4000' })[0]).toMatch(
      /^authorityHost must be an https origin/,
    );
    expect(
      problems({ authorityHost: 'https://login.example.com/tenant' })[0],
    ).toMatch(/^authorityHost/);
    expect(problems({ graphRequestTimeoutMs: 0 })).toEqual([
      'graphRequestTimeoutMs must be a whole number from 1 to 60000',
    ]);
    expect(
      problems({ graphRetry: { maxAttempts: 0, maxTotalMs: 1.5 } }),
    ).toEqual([
      'graphRetry.maxAttempts must be a whole number from 1 to 10',
      'graphRetry.maxTotalMs must be a whole number from 1 to 120000',
    ]);
  });
});
