import type { IncomingHttpHeaders } from 'node:http';
import type { Type } from '@nestjs/common';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import type { GraphNotification } from '../protocol/graph-notification.interface.js';

/** What a region resolver is given about one webhook request. */
export interface RegionResolutionInput {
  /** The Graph notifications of the request (legacy bodies never reach a resolver). */
  readonly notifications: readonly GraphNotification[];
  /** The request headers, without `Authorization` (the principal says who sent it). */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** The verified sender: App ID, tenant, issuer, claims. */
  readonly principal: CallingPrincipal;
}

/** A region name, or `undefined` for "no opinion" (the notification is handled here). */
export type ResolvedRegion = string | undefined;

/** A resolver as a plain function; it may be async. */
export type RegionResolverFunction = (
  input: RegionResolutionInput,
) => ResolvedRegion | Promise<ResolvedRegion>;

/** A resolver as an injectable class (register it as a provider so that it can inject others). */
export interface RegionResolver {
  resolveRegion(
    input: RegionResolutionInput,
  ): ResolvedRegion | Promise<ResolvedRegion>;
}

/** What `regionAffinity.resolver` takes: a function, or an injectable class implementing `RegionResolver`. */
export type RegionResolverOption =
  RegionResolverFunction | Type<RegionResolver>;
