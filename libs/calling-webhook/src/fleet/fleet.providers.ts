import { Logger, type FactoryProvider, type Provider } from '@nestjs/common';
import { FLEET_REDIS } from './fleet.constants.js';
import { FleetKeys } from './fleet-keys.js';
import {
  DEFAULT_KEY_PREFIX,
  FLEET_OPTIONS,
  type ResolvedFleetOptions,
} from './fleet-options.js';
import { FleetStatus } from './fleet-status.js';
import { FleetLifecycle } from './fleet.lifecycle.js';
import { FleetMembership } from './membership/fleet-membership.service.js';
import { CallOwnership } from './ownership/call-ownership.service.js';
import { FleetRedis } from './redis/fleet-redis.js';
import { FleetInbox } from './routing/fleet-inbox.js';
import { NotificationForwarder } from './routing/notification-forwarder.js';
import { FleetSweeper } from './takeover/fleet-sweeper.js';

const fleetRedisProvider: FactoryProvider<FleetRedis | undefined> = {
  provide: FLEET_REDIS,
  useFactory: (options: ResolvedFleetOptions | undefined) =>
    options && FleetRedis.open(options, new Logger('CallingFleet')),
  inject: [FLEET_OPTIONS],
};

const fleetKeysProvider: FactoryProvider<FleetKeys> = {
  provide: FleetKeys,
  useFactory: (options: ResolvedFleetOptions | undefined) =>
    new FleetKeys(options?.keyPrefix ?? DEFAULT_KEY_PREFIX),
  inject: [FLEET_OPTIONS],
};

/**
 * The fleet's providers. They exist in every app (the fleet step is in the pipeline), and do
 * nothing without `fleet`: no Redis connection is opened, no timer started.
 */
export const fleetProviders: Provider[] = [
  fleetRedisProvider,
  fleetKeysProvider,
  FleetStatus,
  FleetMembership,
  CallOwnership,
  NotificationForwarder,
  FleetInbox,
  FleetSweeper,
  FleetLifecycle,
];
