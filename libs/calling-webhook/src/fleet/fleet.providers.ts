import { Logger, type FactoryProvider, type Provider } from '@nestjs/common';
import {
  CALLS_OPTIONS,
  type ResolvedCallsOptions,
} from '../calls/calls-options.js';
import {
  FLEET_CALL_STORE,
  FLEET_DUPLICATE_STORE,
  FLEET_REDIS,
} from './fleet.constants.js';
import { FleetCallHandover } from './calls/fleet-call-handover.js';
import { FleetCallStore } from './shared/fleet-call.store.js';
import { EVENTS_OPTIONS } from '../events/events-options.js';
import type { ResolvedEventsOptions } from '../events/events-options.interface.js';
import { FleetDuplicateStore } from './shared/fleet-duplicate.store.js';
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

const fleetDuplicateStoreProvider: FactoryProvider<
  FleetDuplicateStore | undefined
> = {
  provide: FLEET_DUPLICATE_STORE,
  useFactory: (
    options: ResolvedFleetOptions | undefined,
    redis: FleetRedis | undefined,
    ownership: CallOwnership,
    status: FleetStatus,
    events: ResolvedEventsOptions,
  ) =>
    options &&
    redis &&
    new FleetDuplicateStore(redis, ownership, status, {
      keyPrefix: options.keyPrefix,
      timeoutMs: options.commandTimeoutMs,
      cacheSize: events.duplicateCacheSize,
    }),
  inject: [
    FLEET_OPTIONS,
    FLEET_REDIS,
    CallOwnership,
    FleetStatus,
    EVENTS_OPTIONS,
  ],
};

const fleetCallStoreProvider: FactoryProvider<FleetCallStore | undefined> = {
  provide: FLEET_CALL_STORE,
  useFactory: (
    redis: FleetRedis | undefined,
    keys: FleetKeys,
    ownership: CallOwnership,
    status: FleetStatus,
    calls: ResolvedCallsOptions,
  ) =>
    redis &&
    new FleetCallStore(redis, keys, ownership, status, calls.storeSize),
  inject: [FLEET_REDIS, FleetKeys, CallOwnership, FleetStatus, CALLS_OPTIONS],
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
  fleetDuplicateStoreProvider,
  fleetCallStoreProvider,
  FleetCallHandover,
];
