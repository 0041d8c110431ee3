import type { Series } from '../format/types.js';
import type { ReadingCadence } from './pace.js';
import { GapRule } from './reading-gaps.js';
import { StretchReducer, type Span } from './reduce-stretches.js';

/** Where a chart line's points go as they come, in time order: drawn (LineReducer) or only ranked (WindowPeak). */
export interface LineSink {
  push(t: number, v: number): void;
}

/** How a line is cut into stretches and how finely each is kept: buckets over a span shared by every line. */
export interface Reduction {
  span: Span;
  /** Infinity: keep every point. */
  buckets: number;
  cadence: ReadingCadence;
}

/** Running sums for the least-squares line through a series (`--slope`). */
export interface TrendSums {
  n: number;
  st: number;
  sv: number;
  stt: number;
  stv: number;
}

export const noTrend = (): TrendSums => ({ n: 0, st: 0, sv: 0, stt: 0, stv: 0 });

/** One point into the sums. */
export function addToTrend(s: TrendSums, t: number, v: number): void {
  s.n++;
  s.st += t;
  s.sv += v;
  s.stt += t * t;
  s.stv += t * v;
}

/** The least-squares sums over every point of a series. */
export function trendSums(series: Series): TrendSums {
  const sums = noTrend();
  for (let i = 0; i < series.t.length; i++) addToTrend(sums, series.t[i]!, series.v[i]!);
  return sums;
}

/** What a line comes to: its points reduced (StretchReducer), and figures of every point it was given. */
export interface ReducedLine {
  series: Series;
  /** Indices of `series` where a stretch begins after a gap in the readings (see gapBreaks). */
  breaks: number[];
  /** The largest point and when it was first reached; null for a line given no point. */
  peak: { bytes: number; time: number } | null;
  trend: TrendSums;
}

/**
 * A chart line reduced as its points come, in memory bounded by the bucket count: cut at its gaps (GapRule)
 * into stretches, which a StretchReducer reduces over the span shared by every line, as reduceStretches
 * reduces the whole series cut by gapBreaks.
 */
export class LineReducer implements LineSink {
  private readonly gaps: GapRule;
  private readonly stretches: StretchReducer;
  private peakBytes = -Infinity;
  private peakTime = NaN;
  private readonly trend = noTrend();
  private previous = NaN;

  constructor(reduction: Reduction) {
    this.gaps = new GapRule(reduction.cadence);
    this.stretches = new StretchReducer(reduction.buckets, reduction.span);
  }

  push(t: number, v: number): void {
    const first = this.trend.n === 0;
    if (v > this.peakBytes || first) {
      this.peakBytes = v;
      this.peakTime = t;
    }
    addToTrend(this.trend, t, v);
    this.stretches.push(t, v, !first && this.gaps.breaks(this.previous, t));
    this.previous = t;
  }

  finish(): ReducedLine {
    const { series, breaks } = this.stretches.finish();
    const peak = this.trend.n > 0 ? { bytes: this.peakBytes, time: this.peakTime } : null;
    return { series, breaks, peak, trend: this.trend };
  }
}

/** A line's largest point inside the plot's window, for choosing which processes to draw one by one. */
export class WindowPeak implements LineSink {
  bytes = -Infinity;
  points = 0;

  push(_t: number, v: number): void {
    this.points++;
    if (v > this.bytes) this.bytes = v;
  }
}

/** The least-squares line through the points summed up, as linearTrend computes it; null under two points. */
export function trendOf(s: TrendSums): { slope: number; intercept: number } | null {
  if (s.n < 2) return null;
  const denominator = s.n * s.stt - s.st * s.st;
  if (denominator === 0) return null;
  const slope = (s.n * s.stv - s.st * s.sv) / denominator;
  return { slope, intercept: (s.sv - slope * s.st) / s.n };
}
