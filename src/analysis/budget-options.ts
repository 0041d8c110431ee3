// The budgets alone, without their evaluation: `run` needs to know one was given at start-up, cheaply.

/** The budgets of `run` and `check`; null means not set. */
export interface BudgetOptions {
  /** The whole run's peak total, bytes. */
  maxPeakBytes: number | null;
  /** Any single process's peak, bytes. */
  maxProcessPeakBytes: number | null;
  /** Largest allowed growth of the peak total against a baseline recording, percent. */
  maxIncreasePercent: number | null;
  /** Which peak --max-peak judges: the sampled total (the default) or the kernel's peak of the run's cgroup. */
  peakFigure?: PeakFigure;
}

/** The sampled total's peak, or the kernel's high-water mark of the run's own cgroup. */
export type PeakFigure = 'sampled' | 'kernel';

export function hasBudget(budget: BudgetOptions): boolean {
  return budget.maxPeakBytes !== null || budget.maxProcessPeakBytes !== null || budget.maxIncreasePercent !== null;
}
