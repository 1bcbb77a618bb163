import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import {
  DiscoveryService,
  MetadataScanner,
  ModuleRef,
  Reflector,
} from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { CallEventSubscription } from '../call-event-subscription.interface.js';
import { CALL_EVENT_SUBSCRIPTIONS } from '../call-event.constants.js';
import type { AnyCallNotificationEvent } from '../call-events.interface.js';
import type { CallEventHandler } from './call-event-handler.interface.js';

type Method = (this: unknown, event: AnyCallNotificationEvent) => unknown;
type ResolveToken = Parameters<ModuleRef['resolve']>[0];

/**
 * Finds the event handlers on every provider and controller. Two phases, as in
 * @nestjs/event-emitter: the table is built on module init (before the server listens), and
 * reported once the application has bootstrapped.
 */
@Injectable()
export class CallEventExplorer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('CallingWebhook');
  private handlers: readonly CallEventHandler[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const wrappers = [
      ...this.discovery.getProviders(),
      ...this.discovery.getControllers(),
    ];
    this.handlers = wrappers.flatMap((wrapper) => this.handlersOf(wrapper));
  }

  onApplicationBootstrap(): void {
    for (const handler of this.handlers) {
      const decorators = handler.subscriptions.map((s) => s.decorator);
      this.logger.log(
        `Call event handler ${handler.name} ${decorators.join(' ')}`,
      );
    }
    if (this.handlers.length === 0) {
      this.logger.warn(
        'No call event handlers found: notifications are acknowledged and nothing handles them. ' +
          'Decorate a provider method with @OnIncomingCall() (or another call event decorator).',
      );
    }
  }

  /**
   * The handlers that must run for an event (each method once, however many decorators match),
   * among those whose gate the call's lifecycle opened (`handler-gates.ts`).
   */
  handlersFor(
    event: AnyCallNotificationEvent,
    gates: number,
  ): CallEventHandler[] {
    return this.handlers.filter((handler) =>
      handler.subscriptions.some(
        (subscription) =>
          (subscription.gate & gates) !== 0 && subscription.matches(event),
      ),
    );
  }

  private handlersOf(wrapper: InstanceWrapper): CallEventHandler[] {
    if (wrapper.isAlias) return [];
    const perContext = wrapper.isTransient || !wrapper.isDependencyTreeStatic();
    const instance: unknown = wrapper.instance;
    // A factory provider's metatype is its factory: only an instance tells its class then.
    const prototype: unknown =
      instance !== null && typeof instance === 'object'
        ? Object.getPrototypeOf(instance)
        : !wrapper.inject && typeof wrapper.metatype === 'function'
          ? (wrapper.metatype.prototype as unknown)
          : undefined;
    if (prototype === null || typeof prototype !== 'object') return [];
    const className =
      (prototype as { constructor?: { name?: string } }).constructor?.name ??
      String(wrapper.name);
    return this.scanner.getAllMethodNames(prototype).flatMap((methodName) => {
      const method = (prototype as Record<string, unknown>)[methodName];
      if (typeof method !== 'function') return [];
      const subscriptions = this.reflector.get<
        CallEventSubscription[] | undefined
      >(CALL_EVENT_SUBSCRIPTIONS, method);
      if (!subscriptions?.length) return [];
      const handler: CallEventHandler = {
        name: `${className}.${methodName}`,
        subscriptions,
        invoke: perContext
          ? async (event, contextFor) => {
              const target = await this.resolveIn(wrapper, contextFor());
              return (target[methodName] as Method).call(target, event);
            }
          : async (event) => (method as Method).call(instance, event),
      };
      return [handler];
    });
  }

  /** Resolves a request-scoped or transient provider in the notification's context. */
  private resolveIn(
    wrapper: InstanceWrapper,
    contextId: ReturnType<Parameters<CallEventHandler['invoke']>[1]>,
  ): Promise<Record<string, unknown>> {
    const hostRef = wrapper.host?.providers.get(ModuleRef)?.instance as
      ModuleRef | undefined;
    return (hostRef ?? this.moduleRef).resolve(
      wrapper.token as ResolveToken,
      contextId,
      { strict: hostRef !== undefined },
    );
  }
}
