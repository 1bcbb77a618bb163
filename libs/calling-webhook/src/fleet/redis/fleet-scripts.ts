import type { RedisClient } from './redis-client.js';

// Each script touches one key, so that it runs on Redis Cluster: a call's owner, an instance's
// lease. What spans two hash slots (an owner and the owner's index of calls) is two commands,
// ordered so that a crash between them leaves at worst a stale index entry, which a sweep drops.

/**
 * Claims a call for `ARGV[1]` (`{instance}|{incarnation}`, for `ARGV[2]` ms) when nobody owns
 * it (0), or it is already ours or its owner is still `ARGV[3]`, the dead owner the claimer saw
 * (1): the compare-and-set that makes a takeover happen once. Else the owner it found.
 */
const CLAIM_CALL = `
local current = redis.call('GET', KEYS[1])
if (not current) or current == ARGV[1] or (ARGV[3] ~= '' and current == ARGV[3]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  if current then return 1 end
  return 0
end
return current`;

/** Deletes `KEYS[1]` if it still holds `ARGV[1]` (a call's owner, an instance's lease). */
const DELETE_IF_HELD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Extends `KEYS[1]` by `ARGV[2]` ms if it still holds `ARGV[1]`: 1, else 0 (the lease was lost). */
const EXTEND_IF_HELD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** `CLAIM_CALL`'s answer: claimed from nobody (0), claimed again or taken over (1), or the owner found. */
export type ClaimResult = 0 | 1 | string;

/**
 * Writes a call's record (`ARGV[3]`, version `ARGV[2]`, for `ARGV[4]` ms) if the stored version is
 * `ARGV[1]` ('' : none stored): 1, else 0 (another writer came first).
 */
const SET_RECORD = `
local stored = redis.call('HGET', KEYS[1], 'version')
if (not stored and ARGV[1] == '') or stored == ARGV[1] then
  redis.call('HSET', KEYS[1], 'version', ARGV[2], 'record', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
return 0`;

type ScriptCall = (
  key: string,
  ...args: (string | number)[]
) => Promise<unknown>;

/** The fleet's Lua scripts, sent by SHA (ioredis loads them on first use). */
export interface FleetScripts {
  claimCall(
    ownerKey: string,
    owner: string,
    ttlMs: number,
    expected: string,
  ): Promise<ClaimResult>;
  deleteIfHeld(key: string, value: string): Promise<number>;
  extendIfHeld(key: string, value: string, ttlMs: number): Promise<number>;
  setRecord(
    key: string,
    expectedVersion: string,
    version: string,
    record: string,
    ttlMs: number,
  ): Promise<number>;
}

/** Registers the scripts on `client` and gives them typed. */
export function defineFleetScripts(client: RedisClient): FleetScripts {
  client.defineCommand('callingFleetClaimCall', {
    numberOfKeys: 1,
    lua: CLAIM_CALL,
  });
  client.defineCommand('callingFleetDeleteIfHeld', {
    numberOfKeys: 1,
    lua: DELETE_IF_HELD,
  });
  client.defineCommand('callingFleetExtendIfHeld', {
    numberOfKeys: 1,
    lua: EXTEND_IF_HELD,
  });
  client.defineCommand('callingFleetSetRecord', {
    numberOfKeys: 1,
    lua: SET_RECORD,
  });
  const scripts = client as unknown as Record<string, ScriptCall>;
  return {
    claimCall: (key, owner, ttlMs, expected) =>
      scripts.callingFleetClaimCall(
        key,
        owner,
        ttlMs,
        expected,
      ) as Promise<ClaimResult>,
    deleteIfHeld: (key, value) =>
      scripts.callingFleetDeleteIfHeld(key, value) as Promise<number>,
    extendIfHeld: (key, value, ttlMs) =>
      scripts.callingFleetExtendIfHeld(key, value, ttlMs) as Promise<number>,
    setRecord: (key, expectedVersion, version, record, ttlMs) =>
      scripts.callingFleetSetRecord(
        key,
        expectedVersion,
        version,
        record,
        ttlMs,
      ) as Promise<number>,
  };
}
