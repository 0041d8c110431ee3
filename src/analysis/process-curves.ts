import type { Series } from '../format/types.js';
import type { Span } from './reduce-stretches.js';
import { insideWindow, type TimeWindow } from './time-window.js';

/** One process's coarse curve as it is read: in each bucket it was sampled in, its largest sample. */
export interface CoarseCurve {
  t: number[];
  v: number[];
  /** The bucket of the last point kept (-1: none yet). */
  bucket: number;
}

/** How many points the curves of a run may hold together: the HTML report carries every process's curve. */
const POINT_BUDGET = 300_000;
/** The most buckets one curve is cut into: a selected curve is drawn over the chart, not read off it. */
const MOST_BUCKETS = 190;
const FEWEST_BUCKETS = 8;

/** Buckets per curve for a run of `processes`: as fine as the budget allows, never coarser than FEWEST_BUCKETS. */
export function curveBuckets(processes: number): number {
  return Math.max(FEWEST_BUCKETS, Math.min(MOST_BUCKETS, Math.floor(POINT_BUDGET / Math.max(1, processes))));
}

/**
 * Every process's curve at a coarse resolution, collected in the chart's drawing pass so that the HTML
 * report can draw any process on selection: memory grows with the processes and the buckets they were alive
 * in, never with the length of the file. Times are seconds from `t0`; points outside the window are left out.
 */
export class ProcessCurves {
  private readonly curves = new Map<string, CoarseCurve>();
  private readonly width: number;

  constructor(
    private readonly span: Span,
    private readonly buckets: number,
    private readonly t0: number,
    private readonly window: TimeWindow | null,
  ) {
    this.width = Math.max(span.end - span.start, Number.MIN_VALUE);
  }

  /** The curve of the process with this key, made empty on first use. */
  open(key: string): CoarseCurve {
    let curve = this.curves.get(key);
    if (curve === undefined) {
      curve = { t: [], v: [], bucket: -1 };
      this.curves.set(key, curve);
    }
    return curve;
  }

  /** A sample at epoch time `time`; a process's samples come in time order. */
  add(curve: CoarseCurve, time: number, bytes: number): void {
    const t = time - this.t0;
    if (!insideWindow(t, this.window)) return;
    const raw = Math.floor(((t - this.span.start) / this.width) * this.buckets);
    const bucket = Math.min(Math.max(raw, 0), this.buckets - 1);
    if (bucket !== curve.bucket) {
      curve.bucket = bucket;
      curve.t.push(t);
      curve.v.push(bytes);
      return;
    }
    const last = curve.v.length - 1;
    if (bytes > curve.v[last]!) {
      curve.t[last] = t;
      curve.v[last] = bytes;
    }
  }

  /** The curves with at least one point, by process key. */
  finish(): Map<string, Series> {
    const out = new Map<string, Series>();
    for (const [key, c] of this.curves) if (c.t.length > 0) out.set(key, { t: c.t, v: c.v });
    return out;
  }
}
