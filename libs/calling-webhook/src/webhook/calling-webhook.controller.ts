import {
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseGuards,
  UseInterceptors,
  type Type,
} from '@nestjs/common';
import type { Request } from 'express';
import { CallingAuthGuard } from '../auth/calling-auth.guard.js';
import { CallNotificationProcessor } from '../events/dispatch/call-notification.processor.js';
import { WebhookPipelineInterceptor } from './webhook-pipeline.interceptor.js';

/**
 * Receives the calling platform's notifications. Everything before a handler runs is in the
 * guard and the interceptors below; an accepted notification is answered `202 Accepted`.
 */
@UseGuards(CallingAuthGuard)
// The pipeline after the guard, in order: read the body, 204 legacy, partition, region (302).
@UseInterceptors(WebhookPipelineInterceptor)
export class CallingWebhookController {
  constructor(private readonly notifications: CallNotificationProcessor) {}

  // `/{path}` and the partitioned callback URI `/{path}/{partition}`: one handler for both.
  @Post(['', ':partition'])
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(@Req() request: Request): Promise<void> {
    // The body interceptor has read `request.body`; the processor answers 400 or 500 by throwing.
    await this.notifications.process(request.body, request);
  }
}

/** The webhook controller mounted on `path` (a subclass per module, as routes are static). */
export function webhookControllerFor(
  path: string,
): Type<CallingWebhookController> {
  @Controller(path)
  class MountedCallingWebhookController extends CallingWebhookController {}
  return MountedCallingWebhookController;
}
