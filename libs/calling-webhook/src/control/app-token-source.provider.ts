import type { Provider } from '@nestjs/common';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import { APP_TOKEN_SOURCE, type AppTokenSource } from './app-token-source.js';
import { CallControlNotConfiguredError } from './call-control.errors.js';
import { MsalAppTokenSource } from './msal-app-token-source.js';

/** Stands in when no credentials are configured: the webhook works, call control says why it cannot. */
const unconfigured: AppTokenSource = {
  getToken: () => Promise.reject(new CallControlNotConfiguredError()),
};

/** The default `APP_TOKEN_SOURCE`: msal with the configured credentials, if any. */
export const appTokenSourceProvider: Provider = {
  provide: APP_TOKEN_SOURCE,
  useFactory: ({
    callControl,
  }: ResolvedCallingWebhookOptions): AppTokenSource =>
    callControl.credentials
      ? new MsalAppTokenSource(
          callControl.credentials,
          callControl.authorityHost,
          callControl.graphBaseUrl,
        )
      : unconfigured,
  inject: [RESOLVED_OPTIONS],
};
