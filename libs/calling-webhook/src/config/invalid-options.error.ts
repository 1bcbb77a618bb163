/** Thrown at start-up when the module options are wrong; the message names each bad option. */
export class InvalidCallingWebhookOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid CallingWebhookModule options: ${problems.join('; ')}`);
    this.name = 'InvalidCallingWebhookOptionsError';
  }
}
