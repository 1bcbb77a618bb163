import { PACKAGE } from './generated-paths.js';

/**
 * `calls/calling-webhook.config.ts`: the module's options from the environment variables that
 * `.env.example` lists and `calling-sim --bot` sets. A missing App ID throws the library's
 * options error, which prints as one line without a stack.
 */
export const configSource = () => `import {
  InvalidCallingWebhookOptionsError,
  type CallingWebhookOptions,
} from '${PACKAGE}';

/**
 * The calling webhook's options, from the environment (.env.example lists
 * them). \`calling-sim --bot "node dist/main.js"\` sets the same variables to
 * play calls against this app. AppModule reads them in forRootAsync's factory,
 * which Nest runs while it creates the app: a mistake is then one start-up
 * error in Nest's log, not an exception (and its stack) while Node loads
 * app.module.js.
 */
export function callingWebhookConfig(
  env: NodeJS.ProcessEnv = process.env,
): CallingWebhookOptions {
  const secret = env.CALLING_APP_SECRET || undefined;
  return {
    ...appIdFrom(env),
    openIdConfigurationUrl: env.CALLING_OPENID_CONFIGURATION_URL || undefined,
    graphBaseUrl: env.CALLING_GRAPH_BASE_URL || undefined,
    authorityHost: env.CALLING_AUTHORITY_HOST || undefined,
    publicUrl: env.CALLING_PUBLIC_URL || undefined,
    // Without a secret the webhook still authenticates and acknowledges
    // notifications; only CallControl (answer, hang up, ...) needs credentials.
    ...(secret ? { credentials: { clientSecret: secret } } : {}),
  };
}

function appIdFrom(
  env: NodeJS.ProcessEnv,
): Pick<CallingWebhookOptions, 'appId' | 'prefetchKeys'> {
  if (env.CALLING_APP_ID) return { appId: env.CALLING_APP_ID };
  // Tests that create the AppModule (as test/app.e2e-spec.ts does) run with no
  // bot registration: a placeholder App ID, and no key fetch from Microsoft.
  // Jest and Vitest set NODE_ENV to 'test'.
  if (env.NODE_ENV === 'test') {
    return { appId: 'test-app-id', prefetchKeys: false };
  }
  throw new InvalidCallingWebhookOptionsError([
    "CALLING_APP_ID is not set: set it to the bot's Microsoft App ID (see .env.example)",
  ]);
}
`;

/** `calls/call-handlers.ts`: answers incoming calls when the app has credentials. */
export const handlersSource =
  () => `import { Injectable, Logger } from '@nestjs/common';
import {
  CallControl,
  logSafe,
  OnIncomingCall,
  type IncomingCallEvent,
} from '${PACKAGE}';

/**
 * The bot's call handlers: the module runs a method decorated with @OnIncomingCall(),
 * @OnCallEstablished(), @OnCallTerminated(), ... for each notification of that kind.
 */
@Injectable()
export class CallHandlers {
  private readonly logger = new Logger(CallHandlers.name);

  constructor(private readonly calls: CallControl) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    // The call id as a field; the tenant, from the token, escaped like any outside value.
    this.logger.log(\`Incoming call (tenant \${logSafe(event.tenantId)})\`, {
      callId: event.callId,
    });
    // Answering goes through Graph with the app's credentials: without
    // CALLING_APP_SECRET the call rings until the caller hangs up.
    if (!process.env.CALLING_APP_SECRET) return;
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
  }
}
`;
