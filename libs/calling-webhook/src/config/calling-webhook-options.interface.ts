import type { AffinityOptions } from '../affinity/affinity-options.interface.js';
import type { AuthOptions } from '../auth/auth-options.interface.js';
import type { BodyOptions } from '../body/body-options.js';
import type { CallsOptions } from '../calls/calls-options.js';
import type { CallControlOptions } from '../control/call-control-options.interface.js';
import type { EventsOptions } from '../events/events-options.interface.js';
import type { FleetAreaOptions } from '../fleet/fleet-options.interface.js';
import type { ProtocolOptions } from '../protocol/protocol-options.js';
import type { AcknowledgementOptions } from '../webhook/acknowledgement/acknowledgement-options.js';

/**
 * What `CallingWebhookModule.forRoot()` (or the `useFactory` of `forRootAsync()`) takes: the
 * options of each area, side by side. Only `appId` is required; every other field has a default
 * that is right for production (each documented where its area declares it).
 */
export interface CallingWebhookOptions
  extends
    AuthOptions,
    BodyOptions,
    ProtocolOptions,
    AffinityOptions,
    AcknowledgementOptions,
    EventsOptions,
    CallControlOptions,
    CallsOptions,
    FleetAreaOptions {}

/**
 * Options that shape the module itself rather than its providers, so they are given beside
 * `useFactory` in `forRootAsync()` too: Nest builds routes before async factories run.
 */
export interface CallingWebhookModuleExtras {
  /**
   * The route of the webhook, without leading or trailing slash.
   * @default 'api/calls'
   */
  path?: string;
  /**
   * Register the module globally.
   * @default false
   */
  isGlobal?: boolean;
}
