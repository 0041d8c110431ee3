import type { SlowPace } from '../analysis/pace.js';
import { METRIC_LABEL, type Metric } from '../format/types.js';
import { formatPeriod, formatSeconds } from '../units.js';

/**
 * One sentence for a run whose PSS or USS was read less often than every tick: how slowly at worst,
 * for how long, and why; `run`, `peak` and `plot` say the same words. null when it was read every tick.
 */
export function paceSentence(pace: SlowPace | null, metric: Metric): string | null {
  if (pace === null) return null;
  const tick = `every ${formatPeriod(pace.periodSeconds)} tick`;
  const slower =
    pace.slowForSeconds > pace.slowestForSeconds + 0.005
      ? `less often than ${tick} for ${formatSeconds(pace.slowForSeconds)} of the ${formatSeconds(pace.runSeconds)} run`
      : `of the ${formatSeconds(pace.runSeconds)} run, instead of ${tick}`;
  return (
    `${METRIC_LABEL[metric]} was read every ${formatSeconds(pace.slowestSeconds)} at the slowest, ` +
    `for ${formatSeconds(pace.slowestForSeconds)} (${slower}): reading smaps_rollup costs more than the CPU budget ` +
    'allows; RSS high-water marks are still read every tick'
  );
}

/** The same in a few words, for a chart's subtitle: why its lines are steps. */
export function paceNote(pace: SlowPace | null, metric: Metric): string | null {
  if (pace === null) return null;
  return (
    `${METRIC_LABEL[metric]} read only every ${formatSeconds(pace.slowestSeconds)} at the slowest ` +
    `(the period is ${formatPeriod(pace.periodSeconds)}; smaps_rollup is paced to a CPU budget): ` +
    'each reading drawn as a step held until the next'
  );
}
