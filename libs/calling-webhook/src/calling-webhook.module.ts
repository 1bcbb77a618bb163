import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { CallingAuthGuard } from './auth/calling-auth.guard.js';
import { OpenIdKeySource } from './auth/openid-key-source.js';
import { TeamsCallingStrategy } from './auth/teams-calling.strategy.js';
import { VerifiedTokenCache } from './auth/verified-token.cache.js';
import {
  RESOLVED_OPTIONS,
  WEBHOOK_PATH,
} from './calling-webhook.internal-constants.js';
import {
  CALLING_WEBHOOK_OPTIONS,
  ConfigurableCallingWebhookModule,
} from './calling-webhook.module-definition.js';
import type { CallingWebhookOptions } from './config/calling-webhook-options.interface.js';
import { resolveOptions } from './config/resolve-options.js';

/**
 * The Teams calling webhook: `CallingWebhookModule.forRoot({ appId })` serves `POST /api/calls`,
 * authenticated with the platform's OpenID-signed tokens.
 */
@Module({
  imports: [PassportModule],
  providers: [
    {
      provide: RESOLVED_OPTIONS,
      useFactory: (options: CallingWebhookOptions, path: string) =>
        resolveOptions(options, path),
      inject: [CALLING_WEBHOOK_OPTIONS, WEBHOOK_PATH],
    },
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthGuard,
  ],
  exports: [
    OpenIdKeySource,
    VerifiedTokenCache,
    TeamsCallingStrategy,
    CallingAuthGuard,
  ],
})
export class CallingWebhookModule extends ConfigurableCallingWebhookModule {}
