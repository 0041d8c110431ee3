import { resolve } from 'node:path';
import { hasBudget, type BudgetOptions } from '../analysis/budget-options.js';

// Whether a run's file must be read back once it is closed: decided without the reader and the reporters
// (dozens of modules), which a quiet run with nothing to judge never loads.

/** The budget flags shared by `run` and `check` (see src/cli/budget-options.ts), typed. */
export interface VerdictRequest extends BudgetOptions {
  /** A recording to compare the peak with (`--baseline`); needs maxIncreasePercent. */
  baselineFile: string | null;
  /** Where to append the Markdown summary (`--summary`), besides $GITHUB_STEP_SUMMARY. */
  summaryFile: string | null;
}

/** What `run` and `attach` are to report once their file is closed. */
export interface ReadRequest {
  quiet: boolean;
  /** Sampling stopped early: no budget is judged, only the summary line is printed. */
  incomplete: boolean;
  budget: VerdictRequest;
}

/** Whether a verdict or a summary was asked for: a budget, --summary, or $GITHUB_STEP_SUMMARY. */
export function verdictDue(request: VerdictRequest, env: NodeJS.ProcessEnv): boolean {
  return hasBudget(request) || summaryTargets(request.summaryFile, env).length > 0;
}

/** Whether the closed file is read back: for the summary line (not with -q) or for a verdict. */
export function readBackDue(request: ReadRequest, env: NodeJS.ProcessEnv): boolean {
  return !request.quiet || (!request.incomplete && verdictDue(request.budget, env));
}

/** The files the Markdown summary goes to: --summary and $GITHUB_STEP_SUMMARY, each once. */
export function summaryTargets(summaryFile: string | null, env: NodeJS.ProcessEnv): string[] {
  const targets = [summaryFile, env.GITHUB_STEP_SUMMARY].filter((f): f is string => typeof f === 'string' && f !== '');
  return [...new Map(targets.map((f) => [resolve(f), f])).values()];
}
