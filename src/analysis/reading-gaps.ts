import type { Series } from '../format/types.js';
import type { ReadingCadence } from './pace.js';

/**
 * Two readings further apart than this many due intervals (the pace or period in force, else the requested
 * period) are not joined: the process was not read in between (the sampler fell behind, or it could not be
 * read), and a line across would draw values nobody measured. A late tick or two stays well inside it.
 */
export const GAP_FACTOR = 4;

/** Changes set at (or a rounding before) a reading's time are in force for the gap that follows it. */
const AT = 1e-6;

/**
 * Whether the gap since the previous reading breaks the line, asked in time order: the slower of the pace and
 * the period in force at the earlier reading decides when the next one was due (the pointers into the
 * changes only move on).
 */
export class GapRule {
  private nextPace = 0;
  private nextPeriod = 0;
  private pace = 0;
  private period: number;

  constructor(private readonly cadence: ReadingCadence) {
    this.period = cadence.periodSeconds;
  }

  breaks(previous: number, t: number): boolean {
    const { paces, periods, periodSeconds } = this.cadence;
    if (!(periodSeconds > 0)) return false;
    while (this.nextPace < paces.length && paces[this.nextPace]!.time <= previous + AT) {
      this.pace = paces[this.nextPace++]!.seconds;
    }
    while (this.nextPeriod < periods.length && periods[this.nextPeriod]!.time <= previous + AT) {
      this.period = periods[this.nextPeriod++]!.seconds;
    }
    const due = Math.max(this.pace, this.period, periodSeconds);
    return t - previous > GAP_FACTOR * due;
  }
}

/** Indices k of `series` where a gap since reading k - 1 breaks the line: each starts a new stretch. */
export function gapBreaks(series: Series, cadence: ReadingCadence): number[] {
  const breaks: number[] = [];
  const rule = new GapRule(cadence);
  const { t } = series;
  for (let k = 1; k < t.length; k++) if (rule.breaks(t[k - 1]!, t[k]!)) breaks.push(k);
  return breaks;
}
