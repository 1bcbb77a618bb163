/** What `withinBudget` gives when the work took longer than the budget (it goes on). */
export const BUDGET_PASSED = Symbol('budget passed');

/** What is left until `deadline` (a `performance.now()` time), in milliseconds: 0 once it passed. */
export function remainingMs(deadline: number): number {
  return Math.max(0, deadline - performance.now());
}

/** The outcome of `work`, or `BUDGET_PASSED` if it takes longer than `budgetMs`. */
export async function withinBudget<T>(
  work: Promise<T>,
  budgetMs: number,
): Promise<T | typeof BUDGET_PASSED> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<typeof BUDGET_PASSED>((resolve) => {
    timer = setTimeout(resolve, budgetMs, BUDGET_PASSED);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
}
