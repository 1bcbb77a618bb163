/** The claims of a calling platform token that the library reads; others are kept as they came. */
export interface CallingTokenClaims {
  readonly aud: string | string[];
  readonly iss: string;
  readonly exp: number;
  readonly tid: string;
  readonly nbf?: number;
  readonly iat?: number;
  readonly [claim: string]: unknown;
}

/** Who sent a notification, as proven by its bearer token. */
export interface CallingPrincipal {
  /** The bot's App ID the token was issued for (one of the configured `appId`s). */
  readonly appId: string;
  /** The tenant of the call (`tid`). */
  readonly tenantId: string;
  /** The token's issuer (`iss`). */
  readonly issuer: string;
  /** Every claim of the token. */
  readonly claims: CallingTokenClaims;
}
