// The budgets alone, without their evaluation: `run` needs to know one was given at start-up, cheaply.

/** The budgets of `run` and `check`; null means not set. */
export interface BudgetOptions {
  /** The whole run's peak total, bytes. */
  maxPeakBytes: number | null;
  /** Any single process's peak, bytes. */
  maxProcessPeakBytes: number | null;
  /** Largest allowed growth of the peak total against a baseline recording, percent. */
  maxIncreasePercent: number | null;
}

export function hasBudget(budget: BudgetOptions): boolean {
  return budget.maxPeakBytes !== null || budget.maxProcessPeakBytes !== null || budget.maxIncreasePercent !== null;
}
