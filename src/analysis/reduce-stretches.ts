import type { Series } from '../format/types.js';
import { keptOfSharedBucket } from './shared-bucket.js';

/** The time range the buckets divide; series sharing one span share bucket edges, so curves line up. */
export interface Span {
  start: number;
  end: number;
}

/** The bucket of time `t`, clamped to the span's; every reduction uses this one expression, to the last bit. */
export function bucketOf(t: number, start: number, width: number, buckets: number): number {
  const b = Math.floor(((t - start) / width) * buckets);
  return b < 0 ? 0 : b >= buckets ? buckets - 1 : b;
}

/** A line's points after reduction, and the indices where a stretch begins after a gap in the readings. */
export interface ReducedStretches {
  series: Series;
  breaks: number[];
}

/**
 * A line's stretches of readings reduced as they come, in time order, in memory bounded by the bucket count.
 * A line is kept whole up to 2 * buckets + 2 points; past them each of its stretches is reduced as
 * downsampleMinMax reduces a series: its lowest and highest point of each bucket in time order, plus its first
 * and last. A bucket that two or more stretches share (the process was not read for a while in it, as when it
 * is read only every few ticks or its reads keep failing) is reduced further, however short the line
 * (keptOfSharedBucket), so a line keeps a few points a bucket however often its readings break. Each kept
 * point stays in its stretch: no line is ever drawn across a gap, and a point left alone in its stretch is a
 * lone reading, drawn as a dot. A line whose readings never break keeps the points downsampleMinMax gives.
 */
export class StretchReducer {
  private out: Series = { t: [], v: [] };
  private breaks: number[] = [];
  /** Points a line keeps whole; Infinity: no reduction at all. */
  private readonly limit: number;
  private readonly start: number;
  private readonly width: number;
  /** Points given so far, and whether the line outgrew `limit`: then every stretch is reduced from its first point. */
  private given = 0;
  private lineReducing = false;
  /** The open stretch: how many points it was given, and whether it is being reduced. */
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
  /** The bucket of the line's latest point, and whether a gap fell inside it (so stretches share it). */
  private lineBucket = 0;
  private shared = false;

  constructor(
    private readonly buckets: number,
    span: Span,
  ) {
    this.limit = buckets >= 1 && Number.isFinite(buckets) ? 2 * buckets + 2 : Infinity;
    this.start = span.start;
    this.width = Math.max(span.end - span.start, Number.MIN_VALUE);
  }

  /** The next point; `afterGap`: a gap in the readings comes before it, so it begins a new stretch. */
  push(t: number, v: number, afterGap: boolean): void {
    this.place(t, v, afterGap);
    if (!this.lineReducing && ++this.given > this.limit) this.reduceFromStart();
  }

  finish(): ReducedStretches {
    if (this.count > 0) {
      this.closeStretch();
      this.endBucket(false, true);
    }
    this.count = 0;
    return { series: this.out, breaks: this.breaks };
  }

  private bucketAt(t: number): number {
    return bucketOf(t, this.start, this.width, this.buckets);
  }

  private place(t: number, v: number, afterGap: boolean): void {
    const b = this.limit === Infinity ? 0 : this.bucketAt(t);
    const gap = afterGap && this.count > 0;
    if (gap) this.closeStretch();
    if (this.count > 0 && b !== this.lineBucket) this.endBucket(!gap, false);
    else if (gap && this.limit !== Infinity) this.shared = true;
    if (gap) {
      this.breaks.push(this.out.t.length);
      this.count = 0;
    }
    if (this.count === 0) this.reducing = this.lineReducing;
    this.lineBucket = b;
    if (this.reducing) this.reduce(this.count, t, v, b);
    else {
      this.out.t.push(t);
      this.out.v.push(v);
    }
    this.count++;
  }

  /** The line grew too long to keep whole: its points so far placed again, each stretch reduced from its first. */
  private reduceFromStart(): void {
    const { out, breaks } = this;
    this.out = { t: [], v: [] };
    this.breaks = [];
    this.count = 0;
    this.shared = false;
    this.lineReducing = true;
    eachPoint(out, breaks, (t, v, afterGap) => this.place(t, v, afterGap));
  }

  /** downsampleMinMax's loop, one point at a time: `i` is the point's index within its stretch, `b` its bucket. */
  private reduce(i: number, t: number, v: number, b: number): void {
    this.lastI = i;
    this.lastT = t;
    this.lastV = v;
    if (i === 0) {
      this.keep(i, t, v);
      this.bucket = b;
      this.openBucket(i, t, v);
      return;
    }
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

  /** The open stretch ends: its last points kept. */
  private closeStretch(): void {
    if (this.reducing) {
      this.keepInOrder();
      if (this.kept !== this.lastI) this.keep(this.lastI, this.lastT, this.lastV);
    }
    this.reducing = false;
  }

  /**
   * The line leaves its bucket (`leaving`: the open stretch goes on into the next one; `final`: the line
   * ends): if stretches share it, its points in `out` are replaced by those keptOfSharedBucket keeps.
   */
  private endBucket(leaving: boolean, final: boolean): void {
    if (!this.shared) return;
    this.shared = false;
    // A reduced stretch's lowest and highest point of the bucket are still to keep (keeping them twice is a no-op).
    if (leaving && this.reducing) this.keepInOrder();
    const { t, v } = this.out;
    let from = t.length;
    while (from > 0 && this.bucketAt(t[from - 1]!) === this.lineBucket) from--;
    let j = this.breaks.length;
    while (j > 0 && this.breaks[j - 1]! > from) j--;
    const starts = [from, ...this.breaks.splice(j)];
    const entering = from > 0 && this.breaks[j - 1] !== from;
    const ends = { entering, leaving, lineFirst: from === 0, lineLast: final };
    const kept = keptOfSharedBucket(v, starts, t.length, ends).map((k) => ({ ...k, t: t[k.index]!, v: v[k.index]! }));
    t.length = v.length = from;
    kept.forEach((k, n) => {
      if (n > 0 && k.piece !== kept[n - 1]!.piece) this.breaks.push(t.length);
      t.push(k.t);
      v.push(k.v);
    });
  }
}

/** A whole line reduced as StretchReducer reduces it point by point: the same points, the same breaks. */
export function reduceStretches(series: Series, breaks: number[], buckets: number, span: Span): ReducedStretches {
  const reducer = new StretchReducer(buckets, span);
  eachPoint(series, breaks, (t, v, afterGap) => reducer.push(t, v, afterGap));
  return reducer.finish();
}

/** Each point of `series` in time order, and whether it begins a stretch after a gap (its index is in `breaks`). */
function eachPoint(series: Series, breaks: number[], visit: (t: number, v: number, afterGap: boolean) => void): void {
  let next = 0;
  for (let i = 0; i < series.t.length; i++) {
    const afterGap = breaks[next] === i;
    if (afterGap) next++;
    visit(series.t[i]!, series.v[i]!, afterGap);
  }
}
