import type { Provider } from '@nestjs/common';
import { APP_TOKEN_SOURCE, type AppTokenSource } from './app-token-source.js';
import { CallControlNotConfiguredError } from './call-control.errors.js';
import { MsalAppTokenSource } from './msal-app-token-source.js';
import { CONTROL_OPTIONS } from './resolve-call-control-options.js';
import type { ResolvedCallControlOptions } from './resolved-call-control-options.js';

/** Stands in when no credentials are configured: the webhook works, call control says why it cannot. */
const unconfigured: AppTokenSource = {
  getToken: () => Promise.reject(new CallControlNotConfiguredError()),
};

/** The default `APP_TOKEN_SOURCE`: msal with the configured credentials, if any. */
export const appTokenSourceProvider: Provider = {
  provide: APP_TOKEN_SOURCE,
  useFactory: (callControl: ResolvedCallControlOptions): AppTokenSource =>
    callControl.credentials
      ? new MsalAppTokenSource(
          callControl.credentials,
          callControl.authorityHost,
          callControl.graphBaseUrl,
        )
      : unconfigured,
  inject: [CONTROL_OPTIONS],
};
