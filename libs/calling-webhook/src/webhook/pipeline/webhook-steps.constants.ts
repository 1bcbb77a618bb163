/** The injection token of the webhook's steps, in the order they run (see `webhook-steps.ts`). */
export const WEBHOOK_STEPS = Symbol('CallingWebhookSteps');
