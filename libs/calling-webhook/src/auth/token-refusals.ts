/**
 * Why a token was refused. Each reason is short, safe to send back in a `401` body and in the
 * `WWW-Authenticate` challenge: it never quotes the token or a claim value.
 */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** No bearer token was sent: the answer is a bare challenge (RFC 6750, section 3.1). */
export class MissingTokenError extends Error {
  constructor() {
    super('missing bearer token');
    this.name = 'MissingTokenError';
  }
}

/** A valid token of a tenant outside `allowedTenants`: `403`. */
export class TenantNotAllowedError extends Error {
  constructor() {
    super('tenant not allowed');
    this.name = 'TenantNotAllowedError';
  }
}
