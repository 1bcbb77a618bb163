import type { RegionResolverOption } from './region-resolver.interface.js';

/** The status of a redirect to another deployment or partition. */
export type AffinityRedirectStatus = 302 | 307;

/** Region affinity: which deployment handles a call, and how notifications are sent there. */
export interface RegionAffinityOptions {
  /** This deployment's region (a key of `deployments`, or a name the resolver may return). */
  currentRegion: string;

  /**
   * Every deployment by region, as an absolute http(s) base URL (origin, and a mount path if
   * any). A redirect's `Location` is that base URL followed by the request's own path and query.
   */
  deployments: Record<string, string>;

  /**
   * Decides the region of a request: a function, or an injectable class implementing
   * `RegionResolver` (registered as a provider in any module). See `byTenant`, `byCallerRegion`.
   * @default undefined (every notification is handled here)
   */
  resolver?: RegionResolverOption;

  /**
   * `302 Found` is what Microsoft's documentation asks for; their own sample sends `307`.
   * @default 302
   */
  redirectStatus?: AffinityRedirectStatus;
}

/** Partitioned callback URIs: later notifications of a call reach the instance that answered it. */
export interface PartitionOptions {
  /** This instance's partition id (letters, digits, `.`, `_`, `~`, `-`). */
  id: string;

  /**
   * This instance's public base URL: the `callbackUri` of its calls is `{publicUrl}/{path}/{id}`.
   * With `app.setGlobalPrefix('v1')`, include the prefix (`https://p1.bot.contoso.com/v1`): the
   * module cannot see it. Peers' base URLs leave it out (the request's path, prefix included, is
   * appended to them).
   */
  publicUrl: string;

  /**
   * The other partitions by id, as absolute http(s) base URLs: a notification on
   * `/{path}/{peer}` is redirected to `{baseUrl}/{path}/{peer}`.
   * @default {}
   */
  peers?: Record<string, string>;

  /**
   * The status of a redirect to another partition.
   * @default 302
   */
  redirectStatus?: AffinityRedirectStatus;
}

/** The options of the affinity steps and of callback URIs (fields of `CallingWebhookOptions`). */
export interface AffinityOptions {
  /**
   * This deployment's public base URL (e.g. `https://bot.contoso.com`): without a partition,
   * `CallbackUris.forAnsweredCall()` gives `{publicUrl}/{path}`, and calls the bot places get it
   * as their `callbackUri` (Graph requires one to place a call). With `app.setGlobalPrefix('v1')`,
   * include the prefix (`https://bot.contoso.com/v1`): the module cannot see it.
   * @default undefined (answered calls get no callback URI; the platform uses the registered webhook)
   */
  publicUrl?: string;
  /**
   * Region affinity: redirect notifications of calls that another deployment owns.
   * @default undefined (every notification is handled here)
   */
  regionAffinity?: RegionAffinityOptions;
  /**
   * Partitioned callback URIs: this instance's partition, its public URL, and its peers.
   * @default undefined (no partition)
   */
  partition?: PartitionOptions;
}
