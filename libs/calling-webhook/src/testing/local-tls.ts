import selfsigned from 'selfsigned';

/** A TLS key and certificate for a local https server. */
export interface LocalTlsCredentials {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate; trust it as a CA (`NODE_EXTRA_CA_CERTS`, or an msal network client). */
  readonly cert: string;
}

/** A self-signed certificate for `127.0.0.1`, `::1` and `localhost`, valid for a day. */
export async function createLocalTlsCredentials(): Promise<LocalTlsCredentials> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await selfsigned.generate(
    [{ name: 'commonName', value: 'nestjs-calling-webhook local authority' }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        {
          name: 'keyUsage',
          digitalSignature: true,
          keyEncipherment: true,
          keyCertSign: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}
