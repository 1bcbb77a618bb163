import {
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  UseGuards,
  type Type,
} from '@nestjs/common';
import { CallingAuthGuard } from '../auth/calling-auth.guard.js';

/**
 * Receives the calling platform's notifications. Everything before a handler runs is in the
 * guard (and, later, interceptors); an accepted notification is answered `202 Accepted`.
 */
@UseGuards(CallingAuthGuard)
export class CallingWebhookController {
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  receive(): void {}
}

/** The webhook controller mounted on `path` (a subclass per module, as routes are static). */
export function webhookControllerFor(
  path: string,
): Type<CallingWebhookController> {
  @Controller(path)
  class MountedCallingWebhookController extends CallingWebhookController {}
  return MountedCallingWebhookController;
}
