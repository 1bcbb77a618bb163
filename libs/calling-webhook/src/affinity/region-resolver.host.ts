import {
  Inject,
  Injectable,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InvalidCallingWebhookOptionsError } from '../config/invalid-options.error.js';
import {
  AFFINITY_OPTIONS,
  type ResolvedAffinityOptions,
} from './affinity-options.js';
import type {
  RegionResolutionInput,
  RegionResolver,
  RegionResolverFunction,
  RegionResolverOption,
  ResolvedRegion,
} from './region-resolver.interface.js';

// Both a class and a function are `typeof 'function'`; a resolver class has the method on its
// prototype (arrow functions have no prototype, plain functions an empty one).
function isResolverClass(
  resolver: RegionResolverOption,
): resolver is Type<RegionResolver> {
  const prototype = (resolver as { prototype?: Partial<RegionResolver> })
    .prototype;
  return typeof prototype?.resolveRegion === 'function';
}

/**
 * Holds the configured region resolver as one function. A resolver class is taken from the
 * application's providers (so that it can inject others), or created here when it is not one.
 */
@Injectable()
export class RegionResolverHost implements OnModuleInit {
  private resolver: RegionResolverFunction | undefined;

  constructor(
    @Inject(AFFINITY_OPTIONS)
    private readonly options: ResolvedAffinityOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const option = this.options.regionAffinity?.resolver;
    if (option === undefined) return;
    if (!isResolverClass(option)) {
      this.resolver = option;
      return;
    }
    const instance = await this.instanceOf(option);
    this.resolver = (input) => instance.resolveRegion(input);
  }

  /** True when a resolver is configured. */
  get configured(): boolean {
    return this.resolver !== undefined;
  }

  /** The region the resolver names; anything but a string counts as no answer. */
  async resolve(input: RegionResolutionInput): Promise<ResolvedRegion> {
    const region: unknown = await this.resolver?.(input);
    return typeof region === 'string' ? region : undefined;
  }

  private async instanceOf(
    type: Type<RegionResolver>,
  ): Promise<RegionResolver> {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      // Not a provider anywhere: create it here (it can then inject only this module's providers).
    }
    try {
      return await this.moduleRef.create(type);
    } catch {
      throw new InvalidCallingWebhookOptionsError([
        `regionAffinity.resolver ${type.name} could not be created: add it to the providers of a module`,
      ]);
    }
  }
}
