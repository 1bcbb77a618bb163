import type { FactoryProvider, Type } from '@nestjs/common';
import { RegionAffinityStep } from '../affinity/region-affinity.step.js';
import { PartitionStep } from '../affinity/partition.step.js';
import { WebhookAuthStep } from '../auth/webhook-auth.step.js';
import { NotificationBodyStep } from '../body/notification-body.step.js';
import { FleetStep } from '../fleet/routing/fleet.step.js';
import { ProtocolStep } from '../protocol/protocol.step.js';
import { AcknowledgementStep } from './acknowledgement/acknowledgement.step.js';
import type { WebhookStep } from './pipeline/webhook-step.interface.js';
import { WEBHOOK_STEPS } from './pipeline/webhook-steps.constants.js';

/**
 * The webhook pipeline, in order. Nothing of a body is read before the token is valid, its shape
 * is checked once (protocol) before anything routes on it, and the acknowledgement answers last.
 * A new step is an injectable in its area and one line here.
 */
export const WEBHOOK_STEP_TYPES: readonly Type<WebhookStep>[] = [
  WebhookAuthStep, //          401 / 403 / 503
  NotificationBodyStep, //     415 / 413 / 400
  ProtocolStep, //             204 legacy, 400 / 413
  PartitionStep, //            302 / 307 to the partition that owns the call
  RegionAffinityStep, //       302 / 307 to the region that owns the call
  FleetStep, //                the owner's answer (forwarded), or 307 to the owner
  AcknowledgementStep, //      202, or 500 when a handler failed within the budget
];

/** Provides `WEBHOOK_STEPS`: the step instances in the order above. */
export const webhookStepsProvider: FactoryProvider<readonly WebhookStep[]> = {
  provide: WEBHOOK_STEPS,
  useFactory: (...steps: WebhookStep[]) => steps,
  inject: [...WEBHOOK_STEP_TYPES],
};
