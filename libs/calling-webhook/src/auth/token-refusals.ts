/**
 * Why a token was refused. Each reason is short, safe to send back in a `401` body and in the
 * `WWW-Authenticate` challenge: it never quotes the token or a claim value. `code` is the RFC 6750
 * error: `invalid_request` when the `Authorization` header itself is malformed.
 */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: string,
    readonly code: 'invalid_token' | 'invalid_request' = 'invalid_token',
  ) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/**
 * No bearer token was sent (no `Authorization` header, or another scheme such as `Basic`): the
 * answer is a bare challenge with no error code (RFC 6750, section 3.1).
 */
export class MissingTokenError extends Error {
  constructor(reason = 'missing bearer token') {
    super(reason);
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
