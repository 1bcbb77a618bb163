/** Thrown at start-up when the application is set up in a way the webhook cannot work with. */
export class CallingWebhookSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallingWebhookSetupError';
  }
}
