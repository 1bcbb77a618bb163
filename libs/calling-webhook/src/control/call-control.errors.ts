/** A `CallControl` method was used, but the module has no app credentials to get Graph tokens with. */
export class CallControlNotConfiguredError extends Error {
  constructor() {
    super(
      'CallControl needs app credentials: set credentials.clientSecret or credentials.certificate in the CallingWebhookModule options',
    );
    this.name = 'CallControlNotConfiguredError';
  }
}

/** An app token for Graph could not be had for a tenant (the authority refused or could not be reached). */
export class AppTokenError extends Error {
  constructor(
    /** The tenant the token was asked for. */
    readonly tenantId: string,
    /** msal's error code (e.g. `invalid_client`, `network_error`). */
    readonly code: string,
    detail: string,
  ) {
    super(`No app token for tenant ${tenantId}: ${code}: ${detail}`);
    this.name = 'AppTokenError';
  }
}

/** A call was to be placed, but no `callbackUri` is known for its notifications. */
export class CallbackUriRequiredError extends Error {
  constructor() {
    super(
      'Placing a call needs a callbackUri for its notifications: set publicUrl (or partition.publicUrl) in the CallingWebhookModule options, or give callbackUri',
    );
    this.name = 'CallbackUriRequiredError';
  }
}

/** A recording could not be downloaded; never carries the recording's access token or location. */
export class RecordingDownloadError extends Error {
  constructor(
    /** The HTTP status answered; `undefined` when none came (timeout, network error). */
    readonly status: number | undefined,
    reason: string,
  ) {
    super(`Recording download failed: ${reason}`);
    this.name = 'RecordingDownloadError';
  }
}
