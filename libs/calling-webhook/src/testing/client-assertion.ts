import {
  constants,
  createPublicKey,
  verify,
  X509Certificate,
} from 'node:crypto';

/** A certificate registered for a client: its public key and SHA-256 thumbprint (hex). */
export interface RegisteredCertificate {
  readonly publicKey: ReturnType<typeof createPublicKey>;
  readonly thumbprintSha256: string;
  readonly thumbprintSha1: string;
}

/** Reads a PEM certificate as the token endpoint checks assertions against it. */
export function registeredCertificate(pem: string): RegisteredCertificate {
  const x509 = new X509Certificate(pem);
  const hex = (fingerprint: string) =>
    fingerprint.replace(/:/g, '').toLowerCase();
  return {
    publicKey: x509.publicKey,
    thumbprintSha256: hex(x509.fingerprint256),
    thumbprintSha1: hex(x509.fingerprint),
  };
}

/**
 * Checks a client assertion as Microsoft Entra ID does for a certificate credential: a JWT signed
 * with the certificate's key (PS256 with `x5t#S256`, or RS256 with `x5t`), `iss` = `sub` = the
 * client id, `aud` = the token endpoint, not expired. Returns why it is refused, or `undefined`.
 */
export function clientAssertionProblem(
  assertion: string,
  certificate: RegisteredCertificate,
  clientId: string,
  tokenEndpoint: string,
): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [header, claims] = parts
    .slice(0, 2)
    .map(
      (part) =>
        JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >,
    );
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const thumbprint = (value: unknown) =>
    typeof value === 'string'
      ? Buffer.from(value, 'base64url').toString('hex')
      : undefined;
  let valid: boolean;
  if (header.alg === 'PS256') {
    if (thumbprint(header['x5t#S256']) !== certificate.thumbprintSha256)
      return 'x5t#S256 names another certificate';
    valid = verify(
      'sha256',
      data,
      {
        key: certificate.publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      },
      signature,
    );
  } else if (header.alg === 'RS256') {
    if (thumbprint(header.x5t) !== certificate.thumbprintSha1)
      return 'x5t names another certificate';
    valid = verify('sha256', data, certificate.publicKey, signature);
  } else {
    return `unsupported alg ${String(header.alg)}`;
  }
  if (!valid) return 'bad signature';
  if (claims.iss !== clientId || claims.sub !== clientId)
    return 'iss and sub must be the client id';
  if (claims.aud !== tokenEndpoint) return 'aud must be the token endpoint';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
    return 'expired';
  return undefined;
}
