import { MemprofError, EXIT } from '../errors.js';
import { formatBytes } from '../units.js';
import { METRIC_LABEL, type ProcessSummary, type RunSummary } from './summary.js';

import { hasBudget, type BudgetOptions } from './budget-options.js';

export { hasBudget, type BudgetOptions };

export type Check =
  | { kind: 'max-peak'; passed: boolean; run: RunSummary; limitBytes: number; actualBytes: number }
  | {
      kind: 'max-process-peak';
      passed: boolean;
      run: RunSummary;
      limitBytes: number;
      /** The process with the highest peak, and every process over the limit, highest first. */
      worst: ProcessSummary | null;
      over: ProcessSummary[];
    }
  | {
      kind: 'max-increase';
      passed: boolean;
      run: RunSummary;
      baseline: RunSummary;
      limitPercent: number;
      baselineBytes: number;
      actualBytes: number;
      increasePercent: number;
    };

export interface Verdict {
  passed: boolean;
  checks: Check[];
  /** Caveats a reader of the verdict must know (what the numbers cover, what sampling may have missed). */
  notes: string[];
}

/**
 * Judge a recording's runs against the budgets. Every run of the file is checked (mprof can write several
 * runs into one file); the baseline comparison uses the highest peak on each side.
 */
export function evaluateBudgets(
  runs: RunSummary[],
  budget: BudgetOptions,
  baseline: RunSummary[] | null = null,
): Verdict {
  const checks: Check[] = [];
  for (const run of runs) {
    if (budget.maxPeakBytes !== null) checks.push(maxPeakCheck(run, budget.maxPeakBytes));
    if (budget.maxProcessPeakBytes !== null) checks.push(processPeakCheck(run, budget.maxProcessPeakBytes));
  }
  if (budget.maxIncreasePercent !== null) {
    if (baseline === null) throw new MemprofError('--max-increase needs --baseline <file>', { exitCode: EXIT.usage });
    checks.push(increaseCheck(highestRun(runs), highestRun(baseline), budget.maxIncreasePercent));
  }
  return { passed: checks.every((c) => c.passed), checks, notes: notesFor(runs, budget, baseline) };
}

function totalPeak(run: RunSummary): number {
  if (run.peakTotalBytes === null) {
    throw new MemprofError(`${run.file ?? '<input>'}: no MEM samples, so there is no total peak to check`, {
      exitCode: EXIT.usage,
    });
  }
  return run.peakTotalBytes;
}

function maxPeakCheck(run: RunSummary, limitBytes: number): Check {
  const actualBytes = totalPeak(run);
  return { kind: 'max-peak', passed: actualBytes <= limitBytes, run, limitBytes, actualBytes };
}

function processPeakCheck(run: RunSummary, limitBytes: number): Check {
  const byPeak = [...run.processes].sort((a, b) => b.peakBytes - a.peakBytes);
  const over = byPeak.filter((p) => p.peakBytes > limitBytes);
  return { kind: 'max-process-peak', passed: over.length === 0, run, limitBytes, worst: byPeak[0] ?? null, over };
}

function highestRun(runs: RunSummary[]): RunSummary {
  if (runs.length === 0) throw new MemprofError('no run to compare', { exitCode: EXIT.usage });
  return runs.reduce((best, r) => (totalPeak(r) > totalPeak(best) ? r : best));
}

function increaseCheck(run: RunSummary, baseline: RunSummary, limitPercent: number): Check {
  const actualBytes = totalPeak(run);
  const baselineBytes = totalPeak(baseline);
  const increasePercent = percentChange(baselineBytes, actualBytes);
  return {
    kind: 'max-increase',
    passed: increasePercent <= limitPercent,
    run,
    baseline,
    limitPercent,
    baselineBytes,
    actualBytes,
    increasePercent,
  };
}

/** Growth from `before` to `after` in percent; any growth from zero is infinite. */
export function percentChange(before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : Infinity;
  return ((after - before) / before) * 100;
}

function notesFor(runs: RunSummary[], budget: BudgetOptions, baseline: RunSummary[] | null): string[] {
  const notes: string[] = [];
  const mainOnly = runs.filter((r) => !r.coversTree);
  if (mainOnly.length > 0) {
    // An mprof file without CHLD lines may have been recorded with -C: its own note says how MEM was read.
    const known = mainOnly.every((r) => r.memScope.basis === 'header');
    notes.push(`the total covers the main process only${known ? ' (the run was recorded without -M or -C)' : ''}`);
  }
  const base = baseline?.[0];
  const run = runs[0];
  if (base && run && base.metric !== run.metric) {
    notes.push(
      `the baseline measured ${METRIC_LABEL[base.metric]} and this run ${METRIC_LABEL[run.metric]}: ` +
        'the comparison is not like for like',
    );
  }
  if (base && run && base.coversTree !== run.coversTree) {
    notes.push('one of the recordings covers the whole tree and the other the main process only');
  }
  if (budget.maxProcessPeakBytes !== null) notes.push(...hwmNotes(runs, budget.maxProcessPeakBytes));
  return notes;
}

/** The kernel's high-water mark can show a spike that fell between two samples: say so, without failing on it. */
function hwmNotes(runs: RunSummary[], limitBytes: number): string[] {
  const missed = runs
    .flatMap((r) => (r.metric === 'rss' ? r.processes : []))
    .filter((p) => p.peakBytes <= limitBytes && p.hwmBytes !== null && p.hwmBytes > limitBytes);
  return missed.map(
    (p) =>
      `pid ${p.pid ?? '?'}'s kernel RSS high-water mark (${formatBytes(p.hwmBytes!)}) is over --max-process-peak ` +
      'although no sample was: a spike between samples',
  );
}
