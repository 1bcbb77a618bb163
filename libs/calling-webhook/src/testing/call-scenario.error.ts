/** Thrown by a placed call's waits when the bot did not do what the platform expects (in time). */
export class CallScenarioError extends Error {
  override readonly name = 'CallScenarioError';
}
