/**
 * The fleet's Redis keys and channels. Every key of a call carries the call's hash tag and every
 * key of an instance the instance's, so that what a Lua script or a takeover touches together is
 * in one Redis Cluster slot: `{prefix}{call:<callKey>}:owner`, `{prefix}{instance:<id>}:lease`.
 */
export class FleetKeys {
  constructor(private readonly prefix: string) {}

  /** Who owns the call: `{instanceId}|{incarnation}`. */
  callOwner(callKey: string): string {
    return `${this.prefix}{call:${callKey}}:owner`;
  }

  /** The call's state record. */
  callState(callKey: string): string {
    return `${this.prefix}{call:${callKey}}:state`;
  }

  /** A handled notification of the call (the duplicate store's key). */
  handled(callKey: string | undefined, duplicateKey: string): string {
    return callKey === undefined
      ? `${this.prefix}handled:${duplicateKey}`
      : `${this.prefix}{call:${callKey}}:handled:${duplicateKey}`;
  }

  /** An instance's lease: `{incarnation}|{instanceUrl}`, expiring unless renewed. */
  lease(instanceId: string): string {
    return `${this.prefix}{instance:${instanceId}}:lease`;
  }

  /** The calls an instance owns (a set of call keys): what a takeover goes through. */
  ownedCalls(instanceId: string): string {
    return `${this.prefix}{instance:${instanceId}}:calls`;
  }

  /** What an instance writes to learn whether Redis takes writes again (short-lived). */
  probe(instanceId: string): string {
    return `${this.prefix}{instance:${instanceId}}:probe`;
  }

  /** The stream of notifications handed to an instance by the others (forward routing). */
  inbox(instanceId: string): string {
    return `${this.prefix}{instance:${instanceId}}:inbox`;
  }

  /** The instances that registered and were not cleaned up yet (a set of ids). */
  get members(): string {
    return `${this.prefix}{fleet}:members`;
  }

  /** Where owners publish the outcome of a notification an instance handed them. */
  outcomes(instanceId: string): string {
    return `${this.prefix}{instance:${instanceId}}:outcomes`;
  }

  /** Where instances announce that they leave (their calls can be taken at once). */
  get departures(): string {
    return `${this.prefix}{fleet}:departures`;
  }
}

/** The consumer group every inbox is read through (the owner, then whoever takes it over). */
export const INBOX_GROUP = 'owner';
