import type { SlowPace } from '../analysis/pace.js';
import { formatPeriod, formatSeconds, plural } from '../units.js';

/** What the sampler said when it first lengthened the period: how large the tree was, and the budget. */
export interface PeriodNotice {
  seconds: number;
  requestedSeconds: number;
  processes: number;
  /** The sampler's CPU budget, as a share of one core. */
  budget: number;
}

/** The line `run` and `attach` print once, when a large tree first lengthens the period. */
export function periodNotice(n: PeriodNotice): string {
  const requested = formatPeriod(n.requestedSeconds);
  return (
    `${plural(n.processes, 'process', 'processes')}: sampling every ${formatPeriod(n.seconds)} instead of ` +
    `${requested} to keep memprof under ${Math.round(n.budget * 100)}% of a core ` +
    `(--fixed-interval keeps ${requested}; the file's PERIOD lines say when)`
  );
}

/**
 * One sentence for a run whose ticks came less often than the period asked for: how long at the longest,
 * for how long, and why; `run`, `peak` and `plot` say the same words. null when every tick came on time.
 */
export function periodSentence(period: SlowPace | null): string | null {
  if (period === null) return null;
  const asked = `every ${formatPeriod(period.periodSeconds)}`;
  const longer =
    period.slowForSeconds > period.slowestForSeconds + 0.005
      ? `longer than ${asked} for ${formatSeconds(period.slowForSeconds)} of the ${formatSeconds(period.runSeconds)} run`
      : `of the ${formatSeconds(period.runSeconds)} run, instead of ${asked}`;
  return (
    `sampled every ${formatPeriod(period.slowestSeconds)} at the longest, for ` +
    `${formatSeconds(period.slowestForSeconds)} (${longer}): the tree was too large to read ${asked} within ` +
    "memprof's CPU budget"
  );
}

/** The same in a few words, for a chart's subtitle. */
export function periodNote(period: SlowPace | null): string | null {
  if (period === null) return null;
  return (
    `sampled every ${formatPeriod(period.slowestSeconds)} at the longest (asked: ` +
    `${formatPeriod(period.periodSeconds)}; lengthened for a large tree)`
  );
}
