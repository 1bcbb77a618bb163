import {
  oneOfProblems,
  wholeNumberProblems,
} from '../../config/option-rules.js';

/** When the webhook answers: after the handlers (within the budget), or at once. */
export type AcknowledgeMode = 'afterHandlers' | 'immediately';

/** The options of the acknowledgement step (fields of `CallingWebhookOptions`). */
export interface AcknowledgementOptions {
  /**
   * When the webhook answers: `'afterHandlers'` waits for the handlers up to
   * `acknowledgementBudgetMs` (a handler error then gives `500`, so the platform retries);
   * `'immediately'` answers `202` at once and runs the handlers after (errors go to `onHandlerError`).
   * @default 'afterHandlers'
   */
  acknowledge?: AcknowledgeMode;
  /**
   * How long the webhook waits for handlers before it answers `202` anyway (they go on in the
   * background). Keep it under the platform's 5 s timeout.
   * @default 4_000
   */
  acknowledgementBudgetMs?: number;
}

/** The acknowledgement options with their defaults. */
export interface ResolvedAcknowledgementOptions {
  readonly acknowledge: AcknowledgeMode;
  readonly budgetMs: number;
}

/** The injection token of the resolved acknowledgement options. */
export const ACKNOWLEDGEMENT_OPTIONS = Symbol(
  'CallingWebhookAcknowledgementOptions',
);

/** Under the platform's 5 s answer timeout, with room for the network. */
export const DEFAULT_ACKNOWLEDGEMENT_BUDGET_MS = 4_000;

/** One line per mistake in the acknowledgement options. */
export function acknowledgementOptionProblems(
  options: AcknowledgementOptions,
): string[] {
  return [
    ...oneOfProblems('acknowledge', options.acknowledge, [
      'afterHandlers',
      'immediately',
    ]),
    // The platform gives up after about 5 s; a budget near it risks a retry of a handled call.
    ...wholeNumberProblems(
      'acknowledgementBudgetMs',
      options.acknowledgementBudgetMs,
      0,
      30_000,
    ),
  ];
}

/** The acknowledgement options with their defaults. */
export function resolveAcknowledgementOptions(
  options: AcknowledgementOptions,
): ResolvedAcknowledgementOptions {
  return {
    acknowledge: options.acknowledge ?? 'afterHandlers',
    budgetMs:
      options.acknowledgementBudgetMs ?? DEFAULT_ACKNOWLEDGEMENT_BUDGET_MS,
  };
}
