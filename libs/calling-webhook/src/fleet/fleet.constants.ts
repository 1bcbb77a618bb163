/** The injection token of the fleet's Redis connections (`FleetRedis`), `undefined` without a fleet. */
export const FLEET_REDIS = Symbol('CallingWebhookFleetRedis');

/** The injection token of the fleet's duplicate store, `undefined` without a fleet. */
export const FLEET_DUPLICATE_STORE = Symbol(
  'CallingWebhookFleetDuplicateStore',
);

/** The injection token of the fleet's call store, `undefined` without a fleet. */
export const FLEET_CALL_STORE = Symbol('CallingWebhookFleetCallStore');
