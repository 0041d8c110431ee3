import type { Series } from '../format/types.js';
import type { Span } from './downsample.js';
import type { ReadingCadence } from './pace.js';
import { GapRule } from './reading-gaps.js';

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

/** What a line comes to: its points reduced stretch by stretch, and figures of every point it was given. */
export interface ReducedLine {
  series: Series;
  /** Indices of `series` where a stretch begins after a gap in the readings (see gapBreaks). */
  breaks: number[];
  /** The largest point and when it was first reached; null for a line given no point. */
  peak: { bytes: number; time: number } | null;
  trend: TrendSums;
}

/**
 * A chart line reduced as its points come, in memory bounded by the bucket count: the same points as cutting
 * the whole series at its gaps (gapBreaks) and reducing each stretch with downsampleMinMax over the shared
 * span. A stretch is kept whole until it grows past what downsampleMinMax returns unchanged, then reduced: in
 * each bucket its lowest and highest point in time order, plus its first and last point.
 */
export class LineReducer implements LineSink {
  private readonly out: Series = { t: [], v: [] };
  private readonly breaks: number[] = [];
  private readonly gaps: GapRule;
  private readonly limit: number;
  private readonly start: number;
  private readonly width: number;
  private peakBytes = -Infinity;
  private peakTime = NaN;
  private readonly trend = noTrend();
  private previous = NaN;
  /** The open stretch: its first point's index in `out`, how many points it was given, and whether reduced. */
  private stretchAt = 0;
  private count = 0;
  private reducing = false;
  /** While reducing: the open bucket, its lowest and highest point, the stretch's last point and last kept index. */
  private bucket = 0;
  private loI = 0;
  private loT = 0;
  private loV = 0;
  private hiI = 0;
  private hiT = 0;
  private hiV = 0;
  private lastI = 0;
  private lastT = 0;
  private lastV = 0;
  private kept = 0;

  constructor(private readonly reduction: Reduction) {
    this.gaps = new GapRule(reduction.cadence);
    this.limit = 2 * reduction.buckets + 2;
    this.start = reduction.span.start;
    this.width = Math.max(reduction.span.end - reduction.span.start, Number.MIN_VALUE);
  }

  push(t: number, v: number): void {
    if (v > this.peakBytes || this.trend.n === 0) {
      this.peakBytes = v;
      this.peakTime = t;
    }
    addToTrend(this.trend, t, v);
    if (this.count > 0 && this.gaps.breaks(this.previous, t)) {
      this.closeStretch();
      this.breaks.push(this.out.t.length);
      this.stretchAt = this.out.t.length;
      this.count = 0;
    }
    this.previous = t;
    if (this.reducing) this.reduce(this.count, t, v);
    else {
      this.out.t.push(t);
      this.out.v.push(v);
      if (this.count + 1 > this.limit) this.startReducing();
    }
    this.count++;
  }

  finish(): ReducedLine {
    if (this.count > 0) this.closeStretch();
    const peak = this.trend.n > 0 ? { bytes: this.peakBytes, time: this.peakTime } : null;
    return { series: this.out, breaks: this.breaks, peak, trend: this.trend };
  }

  private bucketOf(t: number): number {
    // The same expression as downsampleMinMax's, so that a point falls in the same bucket to the last bit.
    const b = Math.floor(((t - this.start) / this.width) * this.reduction.buckets);
    return b < 0 ? 0 : b >= this.reduction.buckets ? this.reduction.buckets - 1 : b;
  }

  /** The open stretch grew too long to keep whole: take its points out again and reduce them from the first. */
  private startReducing(): void {
    const t = this.out.t.splice(this.stretchAt);
    const v = this.out.v.splice(this.stretchAt);
    this.reducing = true;
    for (let i = 0; i < t.length; i++) this.reduce(i, t[i]!, v[i]!);
  }

  /** downsampleMinMax's loop, one point at a time: `i` is the point's index within its stretch. */
  private reduce(i: number, t: number, v: number): void {
    this.lastI = i;
    this.lastT = t;
    this.lastV = v;
    if (i === 0) {
      this.keep(i, t, v);
      this.bucket = this.bucketOf(t);
      this.openBucket(i, t, v);
      return;
    }
    const b = this.bucketOf(t);
    if (b !== this.bucket) {
      this.keepInOrder();
      this.bucket = b;
      this.openBucket(i, t, v);
      return;
    }
    if (v < this.loV) {
      this.loI = i;
      this.loT = t;
      this.loV = v;
    }
    if (v > this.hiV) {
      this.hiI = i;
      this.hiT = t;
      this.hiV = v;
    }
  }

  private openBucket(i: number, t: number, v: number): void {
    this.loI = this.hiI = i;
    this.loT = this.hiT = t;
    this.loV = this.hiV = v;
  }

  private keep(i: number, t: number, v: number): void {
    this.out.t.push(t);
    this.out.v.push(v);
    this.kept = i;
  }

  /** The open bucket's lowest and highest points in time order, each unless already kept. */
  private keepInOrder(): void {
    const loFirst = this.loI <= this.hiI;
    if (loFirst) {
      if (this.loI > this.kept) this.keep(this.loI, this.loT, this.loV);
      if (this.hiI > this.kept) this.keep(this.hiI, this.hiT, this.hiV);
    } else {
      if (this.hiI > this.kept) this.keep(this.hiI, this.hiT, this.hiV);
      if (this.loI > this.kept) this.keep(this.loI, this.loT, this.loV);
    }
  }

  private closeStretch(): void {
    if (this.reducing) {
      this.keepInOrder();
      if (this.kept !== this.lastI) this.keep(this.lastI, this.lastT, this.lastV);
    }
    this.reducing = false;
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
