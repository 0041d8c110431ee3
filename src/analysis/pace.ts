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
  /** Seconds spent at each pace: the paces are powers of two of the period, so the map stays small. */
  spent: Map<number, number>;
}

/** A pace this much above the period is slower than every tick (paces are whole numbers of ticks). */
const SLOWER = 1.5;

/** Adds up how long each pace was in force, change by change, in constant memory: a recorder or a file's lines. */
export class PaceTally {
  readonly state: PaceTallyState;

  constructor(start: number, state?: PaceTallyState) {
    this.state = state ?? { current: 0, since: start, start, spent: new Map() };
  }

  /** From `time` on, the metric is read every `seconds`. */
  change(seconds: number, time: number): void {
    this.close(time);
    this.state.current = seconds;
    this.state.since = Math.max(this.state.since, time);
  }

  /** The slow pace over the run up to `end`, against the period; null when the metric was read every tick. */
  result(periodSeconds: number, end: number): SlowPace | null {
    const spent = new Map(this.state.spent);
    const last = Math.max(0, end - this.state.since);
    spent.set(this.state.current, (spent.get(this.state.current) ?? 0) + last);
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

  private close(time: number): void {
    const { current, since, spent } = this.state;
    spent.set(current, (spent.get(current) ?? 0) + Math.max(0, time - since));
  }
}

/** A recording's slow pace from its `PACE` lines, over the run from `start` to `end` (epoch seconds). */
export function slowPaceOf(rec: Recording, start: number, end: number): SlowPace | null {
  return slowPaceFrom(rec.paces, rec.header?.intervalSeconds ?? 0, start, end);
}

/** The slow pace from a run's `PACE` lines in file order, against the period its header gives (0: none). */
export function slowPaceFrom(paces: PaceChange[], periodSeconds: number, start: number, end: number): SlowPace | null {
  if (paces.length === 0 || !(periodSeconds > 0)) return null;
  const tally = new PaceTally(start);
  for (const p of paces) tally.change(p.seconds, p.time);
  return tally.result(periodSeconds, end);
}

/** When each reading of a series was due: the pace in force (`PACE` lines), else every period. */
export interface ReadingCadence {
  periodSeconds: number;
  /** Pace changes in time order, times in the same clock as the series they are asked about. */
  paces: PaceChange[];
}

/** A recording's cadence, its times shifted by `t0` (plots work in seconds from the start). */
export function cadenceOf(rec: Recording, t0: number): ReadingCadence {
  const header = rec.header?.intervalSeconds ?? 0;
  return {
    periodSeconds: header > 0 ? header : medianGap(rec.mem.t),
    paces: rec.paces.map((p) => ({ seconds: p.seconds, time: p.time - t0 })),
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

/**
 * The median spacing of times given in order, in bounded memory: every gap while there are few, then a
 * reservoir sample (a fixed seed, so a file always gives the same answer). Stands in for an mprof file's period.
 */
export class GapMedian {
  private readonly kept = new Float64Array(KEPT_GAPS);
  private seen = 0;
  private previous = NaN;
  private seed = 0x2545f491;

  add(time: number): void {
    const gap = time - this.previous;
    this.previous = time;
    if (Number.isNaN(gap)) return;
    const at = this.seen++;
    if (at < KEPT_GAPS) this.kept[at] = gap;
    else {
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
