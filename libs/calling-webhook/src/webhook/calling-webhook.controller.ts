import {
  Controller,
  Post,
  Req,
  Res,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { WebhookPipeline } from './pipeline/webhook-pipeline.js';
import {
  FASTIFY_ROUTE_CONFIG,
  WEBHOOK_ROUTE,
  WEBHOOK_ROUTE_MARK,
} from './platform/webhook-route.constants.js';

/**
 * The webhook route of a module mounted on `path`: `POST /{path}` and the partitioned callback
 * URI `POST /{path}/{partition}`. A class per module, as Nest reads routes from decorators before
 * any options exist. Every request goes to the pipeline, which answers it (hence `@Res()`); the
 * route's Fastify `config` names the path, so each module's Fastify hook knows its own route.
 */
export function webhookControllerFor(path: string): Type<unknown> {
  @Controller(path)
  class CallingWebhookController {
    constructor(private readonly pipeline: WebhookPipeline) {}

    @Post(['', ':partition'])
    @SetMetadata(FASTIFY_ROUTE_CONFIG, { [WEBHOOK_ROUTE_MARK]: path })
    @SetMetadata(WEBHOOK_ROUTE, path)
    receive(@Req() request: object, @Res() response: object): Promise<void> {
      return this.pipeline.handle(request, response);
    }
  }
  return CallingWebhookController;
}
