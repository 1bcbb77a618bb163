/**
 * Where `CallControl` gets its Graph app tokens: one per tenant, cached by the source. The
 * default is msal's client-credentials flow; provide `APP_TOKEN_SOURCE` to replace it (a managed
 * identity, a vault, a test double).
 */
export interface AppTokenSource {
  /** An access token for Graph in `tenantId`, valid for at least the next few minutes. */
  getToken(tenantId: string): Promise<string>;
}

/** The injection token of the `AppTokenSource` used by `CallControl`. */
export const APP_TOKEN_SOURCE = Symbol('CallingWebhookAppTokenSource');
