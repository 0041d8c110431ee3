import type { PaceChange, Recording } from '../format/types.js';

/** How slowly a paced metric (PSS, USS) was read, when its pace fell below the sampling period. */
export interface SlowPace {
  periodSeconds: number;
  /** The slowest pace in force, and how long in all the metric was read at it. */
  slowestSeconds: number;
  slowestForSeconds: number;
  /** How long in all the metric was read less often than every tick, and how long the run was. */
  slowForSeconds: number;
  runSeconds: number;
}

/** What a tally keeps: plain data, so a recorder carrying one can move to another thread. */
export interface PaceTallyState {
  /** The pace in force (seconds); 0 while it is every tick (before any `PACE` line). */
  current: number;
  since: number;
  start: number;
  /**
   * Seconds spent at each pace slower than the period then in force, or at any pace while that period is
   * the requested one (judged at the end): paces are powers of two of the period, so the map stays small.
   */
  spent: Map<number, number>;
  /** The period in force (a `PERIOD` line); 0 while it is the requested one. */
  period: number;
}

/** A pace this much above the period is slower than every tick (paces are whole numbers of ticks). */
const SLOWER = 1.5;

/**
 * Adds up how long each pace was in force, change by change, in constant memory: a recorder or a file's lines.
 * A pace no slower than a lengthened period (a `PERIOD` line) is every tick, and not counted as slow.
 */
export class PaceTally {
  readonly state: PaceTallyState;

  constructor(start: number, state?: PaceTallyState) {
    this.state = state ?? { current: 0, since: start, start, spent: new Map(), period: 0 };
  }

  /** From `time` on, the metric is read every `seconds`. */
  change(seconds: number, time: number): void {
    this.close(time);
    this.state.current = seconds;
    this.state.since = Math.max(this.state.since, time);
  }

  /** From `time` on, ticks come every `seconds`. */
  period(seconds: number, time: number): void {
    this.close(time);
    this.state.period = seconds;
    this.state.since = Math.max(this.state.since, time);
  }

  /** The slow pace over the run up to `end`, against the period; null when the metric was read every tick. */
  result(periodSeconds: number, end: number): SlowPace | null {
    const spent = new Map(this.state.spent);
    this.close(end, spent);
    let slowest = 0;
    let slowFor = 0;
    for (const [seconds, duration] of spent) {
      if (seconds <= periodSeconds * SLOWER) continue;
      slowFor += duration;
      slowest = Math.max(slowest, seconds);
    }
    if (slowest === 0) return null;
    return {
      periodSeconds,
      slowestSeconds: slowest,
      slowestForSeconds: spent.get(slowest)!,
      slowForSeconds: slowFor,
      runSeconds: Math.max(0, end - this.state.start),
    };
  }

  private close(time: number, spent = this.state.spent): void {
    const { current, since, period } = this.state;
    if (period > 0 && !(current > period * SLOWER)) return;
    spent.set(current, (spent.get(current) ?? 0) + Math.max(0, time - since));
  }
}

/** A recording's slow pace from its `PACE` lines, over the run from `start` to `end` (epoch seconds). */
export function slowPaceOf(rec: Recording, start: number, end: number): SlowPace | null {
  return slowPaceFrom(rec.paces, rec.header?.intervalSeconds ?? 0, start, end, rec.periods);
}

/**
 * The slow pace from a run's `PACE` lines in file order, against the period its header gives (0: none) and
 * the lengthened periods in force (`PERIOD` lines), merged in time order.
 */
export function slowPaceFrom(
  paces: PaceChange[],
  periodSeconds: number,
  start: number,
  end: number,
  periods: PaceChange[] = [],
): SlowPace | null {
  if (paces.length === 0 || !(periodSeconds > 0)) return null;
  const tally = new PaceTally(start);
  let k = 0;
  for (const p of paces) {
    // A PERIOD line at the same time as a PACE line comes first: the pace is the new period's.
    for (; k < periods.length && periods[k]!.time <= p.time; k++) tally.period(periods[k]!.seconds, periods[k]!.time);
    tally.change(p.seconds, p.time);
  }
  for (; k < periods.length; k++) tally.period(periods[k]!.seconds, periods[k]!.time);
  return tally.result(periodSeconds, end);
}

/**
 * How long the period was longer than requested (`PERIOD` lines: the sampler's CPU budget for a large tree),
 * in the same terms as a slow pace: the longest period, how long at it, how long above the requested one.
 */
export function longPeriodFrom(
  periods: PaceChange[],
  periodSeconds: number,
  start: number,
  end: number,
): SlowPace | null {
  if (periods.length === 0 || !(periodSeconds > 0)) return null;
  const tally = new PaceTally(start);
  for (const p of periods) tally.change(p.seconds, p.time);
  return tally.result(periodSeconds, end);
}

/**
 * When each reading of a series was due: the slower of the pace in force (`PACE` lines) and the period in
 * force (`PERIOD` lines, else the requested period).
 */
export interface ReadingCadence {
  periodSeconds: number;
  /** Pace changes in time order, times in the same clock as the series they are asked about. */
  paces: PaceChange[];
  /** Period changes in time order, in the same clock. */
  periods: PaceChange[];
}

/** A recording's cadence, its times shifted by `t0` (plots work in seconds from the start). */
export function cadenceOf(rec: Recording, t0: number): ReadingCadence {
  return cadenceFrom(rec.header?.intervalSeconds ?? 0, () => medianGap(rec.mem.t), rec, t0);
}

/**
 * A run's cadence from its header's period (0: none, as in mprof's files, whose MEM spacing `medianGap`
 * then stands for it) and its `PACE` and `PERIOD` lines, times shifted by `t0`.
 */
export function cadenceFrom(
  headerSeconds: number,
  medianGap: () => number,
  changes: { paces: PaceChange[]; periods: PaceChange[] },
  t0: number,
): ReadingCadence {
  const shifted = (list: PaceChange[]) => list.map((p) => ({ seconds: p.seconds, time: p.time - t0 }));
  return {
    periodSeconds: headerSeconds > 0 ? headerSeconds : medianGap(),
    paces: shifted(changes.paces),
    periods: shifted(changes.periods),
  };
}

/** mprof's files say no period: the typical spacing of its MEM lines stands for it. */
function medianGap(t: number[]): number {
  const gaps = new GapMedian();
  for (const time of t) gaps.add(time);
  return gaps.median();
}

/** The gaps kept to find their median: exact up to this many, a uniform sample of them beyond. */
const KEPT_GAPS = 1 << 16;

function grown(kept: Float64Array): Float64Array {
  const bigger = new Float64Array(Math.min(KEPT_GAPS, kept.length * 2));
  bigger.set(kept);
  return bigger;
}

/**
 * The median spacing of times given in order, in bounded memory: every gap while there are few, then a
 * reservoir sample (a fixed seed, so a file always gives the same answer). Stands in for an mprof file's period.
 */
export class GapMedian {
  // Grown as gaps come, to KEPT_GAPS: most runs have few, and a plot makes one of these for each.
  private kept: Float64Array = new Float64Array(64);
  private seen = 0;
  private previous = NaN;
  private seed = 0x2545f491;

  add(time: number): void {
    const gap = time - this.previous;
    this.previous = time;
    if (Number.isNaN(gap)) return;
    const at = this.seen++;
    if (at < KEPT_GAPS) {
      if (at === this.kept.length) this.kept = grown(this.kept);
      this.kept[at] = gap;
    } else {
      const j = this.random() % (at + 1);
      if (j < KEPT_GAPS) this.kept[j] = gap;
    }
  }

  /** 0 when fewer than two times were given. */
  median(): number {
    const gaps = this.kept.slice(0, Math.min(this.seen, KEPT_GAPS)).sort();
    return gaps[Math.floor(gaps.length / 2)] ?? 0;
  }

  /** xorshift32: enough to pick which gaps stay. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}
