import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import { RESOLVED_OPTIONS } from '../calling-webhook.internal-constants.js';
import type { ResolvedCallingWebhookOptions } from '../config/resolved-options.js';
import { getRequestNotifications } from '../protocol/request-notifications.js';
import { answerWithRedirect } from './redirect.js';
import { RegionResolverHost } from './region-resolver.host.js';
import type { RegionResolutionInput } from './region-resolver.interface.js';
import { safeErrorText } from './safe-error-text.js';

/**
 * Region affinity, after the protocol interceptor: when the resolver names another configured
 * deployment, the notification is redirected there (`302`, or `307` by option) with `Location`
 * = that deployment's base URL + this request's path and query, never a URL from the payload.
 * No resolver, this region, an unknown region or a failing resolver: handled here (lose nothing).
 * Partition routes are left to the partition interceptor.
 */
@Injectable()
export class RegionAffinityInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CallingWebhook');

  constructor(
    @Inject(RESOLVED_OPTIONS)
    private readonly options: ResolvedCallingWebhookOptions,
    private readonly resolver: RegionResolverHost,
  ) {}

  async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const affinity = this.options.regionAffinity;
    const request = context.switchToHttp().getRequest<Request>();
    const notifications = getRequestNotifications(request);
    if (
      !affinity ||
      !this.resolver.configured ||
      notifications === undefined ||
      request.params?.partition !== undefined
    ) {
      return next.handle();
    }
    const region = await this.resolveRegion(request, notifications);
    if (region === undefined || region === affinity.currentRegion) {
      return next.handle();
    }
    const baseUrl = affinity.deployments.get(region);
    if (baseUrl === undefined) {
      this.logger.debug(
        `Region resolver named a region with no deployment; handled here`,
      );
      return next.handle();
    }
    return answerWithRedirect(
      context.switchToHttp().getResponse<Response>(),
      affinity.redirectStatus,
      `${baseUrl}${request.originalUrl}`,
    );
  }

  private async resolveRegion(
    request: Request,
    notifications: RegionResolutionInput['notifications'],
  ): Promise<string | undefined> {
    const { authorization: _token, ...headers } = request.headers;
    try {
      return await this.resolver.resolve({
        notifications,
        headers,
        principal: request.user as CallingPrincipal,
      });
    } catch (error) {
      this.logger.error(
        `Region resolver failed (${safeErrorText(error)}); the notification is handled here`,
      );
      return undefined;
    }
  }
}
