import type { Metric } from '../format/types.js';
import { hasBudget, type BudgetOptions, type PeakFigure } from './budget-options.js';
import type { ProcessSummary, RunSummary } from './summary.js';

export { hasBudget, type BudgetOptions, type PeakFigure };

// Judging only: what was checked and what was found, as data. The words (and the flags' names) are the
// reporters' (src/report/verdict.ts), the exit code the command's.

export type Check =
  | {
      kind: 'max-peak';
      passed: boolean;
      run: RunSummary;
      limitBytes: number;
      actualBytes: number;
      figure: PeakFigure;
      /** The kernel's figure judged in place of the sampled one, which the run has none of. */
      fellBack: boolean;
    }
  | {
      /**
       * A run with no figure for the budget: no total for --max-peak and --max-increase (no MEM line), no
       * sample at all for --max-process-peak (the command ended before its first reading). `run` is the
       * recording or the baseline that has none; `limit` is the budget's, in bytes or percent.
       */
      kind: 'unjudged';
      passed: true;
      run: RunSummary;
      budget: 'max-peak' | 'max-process-peak' | 'max-increase';
      limit: number;
      /** For --max-peak: the figure that was missing. */
      figure?: PeakFigure;
    }
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

/** A caveat a reader of the verdict must know: what the numbers cover, what sampling may have missed. */
export type VerdictNote =
  | {
      kind: 'main-process-only' /** Whether the file says so (memprof's header), not only its samples. */;
      known: boolean;
    }
  | { kind: 'metric-mismatch'; baseline: Metric; run: Metric }
  | { kind: 'scope-mismatch' }
  /** A process's kernel RSS high-water mark is over the per-process budget although no sample was. */
  | { kind: 'hwm-over-process-budget'; process: ProcessSummary };

export interface Verdict {
  passed: boolean;
  checks: Check[];
  notes: VerdictNote[];
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
    if (budget.maxPeakBytes !== null)
      checks.push(maxPeakCheck(run, budget.maxPeakBytes, budget.peakFigure ?? 'sampled'));
    if (budget.maxProcessPeakBytes !== null) checks.push(processPeakCheck(run, budget.maxProcessPeakBytes));
  }
  // The flags come in pairs (the CLI checks it): without a baseline there is nothing to compare with.
  if (budget.maxIncreasePercent !== null && baseline !== null) {
    checks.push(increaseCheck(highestRun(runs), highestRun(baseline), budget.maxIncreasePercent));
  }
  return { passed: checks.every((c) => c.passed), checks, notes: notesFor(runs, budget, baseline) };
}

function maxPeakCheck(run: RunSummary, limitBytes: number, asked: PeakFigure): Check {
  // A command over before its first reading left no sampled total: the kernel's peak of its cgroup still holds.
  const fallBack = asked === 'sampled' && run.peakTotalBytes === null && (run.kernel?.peakBytes ?? null) !== null;
  const figure: PeakFigure = fallBack ? 'kernel' : asked;
  const actualBytes = figure === 'kernel' ? (run.kernel?.peakBytes ?? null) : run.peakTotalBytes;
  if (actualBytes === null)
    return { kind: 'unjudged', passed: true, run, budget: 'max-peak', limit: limitBytes, figure };
  return {
    kind: 'max-peak',
    passed: actualBytes <= limitBytes,
    run,
    limitBytes,
    actualBytes,
    figure,
    fellBack: fallBack,
  };
}

function processPeakCheck(run: RunSummary, limitBytes: number): Check {
  if (run.processes.length === 0 && run.peakTotalBytes === null)
    return { kind: 'unjudged', passed: true, run, budget: 'max-process-peak', limit: limitBytes };
  const byPeak = [...run.processes].sort((a, b) => b.peakBytes - a.peakBytes);
  const over = byPeak.filter((p) => p.peakBytes > limitBytes);
  return { kind: 'max-process-peak', passed: over.length === 0, run, limitBytes, worst: byPeak[0] ?? null, over };
}

/** The run with the highest total (a reader never returns an empty list of runs). */
function highestRun(runs: RunSummary[]): RunSummary {
  return runs.reduce((best, r) => ((r.peakTotalBytes ?? -1) > (best.peakTotalBytes ?? -1) ? r : best));
}

function increaseCheck(run: RunSummary, baseline: RunSummary, limitPercent: number): Check {
  const actualBytes = run.peakTotalBytes;
  const baselineBytes = baseline.peakTotalBytes;
  const unjudged = { kind: 'unjudged', passed: true, budget: 'max-increase', limit: limitPercent } as const;
  if (actualBytes === null) return { ...unjudged, run };
  if (baselineBytes === null) return { ...unjudged, run: baseline };
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

function notesFor(runs: RunSummary[], budget: BudgetOptions, baseline: RunSummary[] | null): VerdictNote[] {
  const notes: VerdictNote[] = [];
  const mainOnly = runs.filter((r) => !r.coversTree);
  // An mprof file without CHLD lines may have been recorded with -C: its own note says how MEM was read.
  if (mainOnly.length > 0)
    notes.push({ kind: 'main-process-only', known: mainOnly.every((r) => r.memScope.basis === 'header') });
  const base = baseline?.[0];
  const run = runs[0];
  if (base && run && base.metric !== run.metric)
    notes.push({ kind: 'metric-mismatch', baseline: base.metric, run: run.metric });
  if (base && run && base.coversTree !== run.coversTree) notes.push({ kind: 'scope-mismatch' });
  if (budget.maxProcessPeakBytes !== null) notes.push(...hwmNotes(runs, budget.maxProcessPeakBytes));
  return notes;
}

/** The kernel's high-water mark can show a spike that fell between two samples: say so, without failing on it. */
function hwmNotes(runs: RunSummary[], limitBytes: number): VerdictNote[] {
  return runs
    .flatMap((r) => (r.metric === 'rss' ? r.processes : []))
    .filter((p) => p.peakBytes <= limitBytes && p.hwmBytes !== null && p.hwmBytes > limitBytes)
    .map((process) => ({ kind: 'hwm-over-process-budget', process }));
}
