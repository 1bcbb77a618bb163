import type { FactoryProvider } from '@nestjs/common';
import { AFFINITY_OPTIONS } from '../affinity/affinity-options.js';
import { AUTH_OPTIONS } from '../auth/auth-options.js';
import { BODY_OPTIONS } from '../body/body-options.js';
import { CALLING_WEBHOOK_OPTIONS } from '../calling-webhook.module-definition.js';
import { CALLS_OPTIONS } from '../calls/calls-options.js';
import { CONTROL_OPTIONS } from '../control/resolve-call-control-options.js';
import { EVENTS_OPTIONS } from '../events/events-options.js';
import { FLEET_OPTIONS } from '../fleet/fleet-options.js';
import { PROTOCOL_OPTIONS } from '../protocol/protocol-options.js';
import { ACKNOWLEDGEMENT_OPTIONS } from '../webhook/acknowledgement/acknowledgement-options.js';
import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';
import {
  resolveOptions,
  type ResolvedCallingWebhookOptions,
} from './resolve-options.js';

const RESOLVED_OPTIONS = Symbol('CallingWebhookResolvedOptions');

function slice<K extends keyof ResolvedCallingWebhookOptions>(
  token: symbol,
  key: K,
): FactoryProvider<ResolvedCallingWebhookOptions[K]> {
  return {
    provide: token,
    useFactory: (options: ResolvedCallingWebhookOptions) => options[key],
    inject: [RESOLVED_OPTIONS],
  };
}

/** The options, validated once, and one provider per area giving that area its slice. */
export const optionsProviders: FactoryProvider[] = [
  {
    provide: RESOLVED_OPTIONS,
    useFactory: (options: CallingWebhookOptions) => resolveOptions(options),
    inject: [CALLING_WEBHOOK_OPTIONS],
  },
  slice(AUTH_OPTIONS, 'auth'),
  slice(BODY_OPTIONS, 'body'),
  slice(PROTOCOL_OPTIONS, 'protocol'),
  slice(AFFINITY_OPTIONS, 'affinity'),
  slice(ACKNOWLEDGEMENT_OPTIONS, 'acknowledgement'),
  slice(EVENTS_OPTIONS, 'events'),
  slice(CONTROL_OPTIONS, 'control'),
  slice(FLEET_OPTIONS, 'fleet'),
  slice(CALLS_OPTIONS, 'calls'),
];
