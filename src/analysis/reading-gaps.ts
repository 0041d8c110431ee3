import type { Series } from '../format/types.js';
import type { ReadingCadence } from './pace.js';

/**
 * Two readings further apart than this many due intervals (the pace in force, else the period) are not
 * joined: the process was not read in between (the sampler fell behind, or it could not be read), and a
 * line across would draw values nobody measured. A late tick or two stays well inside it.
 */
export const GAP_FACTOR = 4;

/** Indices k of `series` where a gap since reading k - 1 breaks the line: each starts a new stretch. */
export function gapBreaks(series: Series, cadence: ReadingCadence): number[] {
  const breaks: number[] = [];
  if (!(cadence.periodSeconds > 0)) return breaks;
  const { t } = series;
  const { paces, periodSeconds } = cadence;
  let next = 0;
  let due = periodSeconds;
  for (let k = 1; k < t.length; k++) {
    // The pace set at or before the earlier reading decides when the next one was due.
    while (next < paces.length && paces[next]!.time <= t[k - 1]! + 1e-6) {
      due = Math.max(paces[next++]!.seconds, periodSeconds);
    }
    if (t[k]! - t[k - 1]! > GAP_FACTOR * due) breaks.push(k);
  }
  return breaks;
}

/** The series cut at its breaks into stretches that are each drawn as one line. */
export function stretches(series: Series, breaks: number[]): Series[] {
  const out: Series[] = [];
  let from = 0;
  for (const to of [...breaks, series.t.length]) {
    if (to > from) out.push({ t: series.t.slice(from, to), v: series.v.slice(from, to) });
    from = to;
  }
  return out;
}
