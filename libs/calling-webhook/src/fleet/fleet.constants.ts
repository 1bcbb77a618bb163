/** The injection token of the fleet's Redis connections (`FleetRedis`), `undefined` without a fleet. */
export const FLEET_REDIS = Symbol('CallingWebhookFleetRedis');
