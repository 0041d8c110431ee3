import type { Series } from '../format/types.js';

/** The time range the buckets divide; series sharing one span share bucket edges, so curves line up. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Reduce a series to at most about 2 * `buckets` + 2 samples for drawing, keeping in each time bucket
 * its lowest and its highest sample (in time order), plus the first and last sample. Every peak and
 * valley the eye could see at one bucket per pixel or two survives, and the maximum and minimum of the
 * result equal those of the input exactly: the peak drawn is the peak recorded. Samples are kept, never
 * averaged or invented. A series already short enough is returned unchanged (as a copy).
 */
export function downsampleMinMax(series: Series, buckets: number, span?: Span): Series {
  const n = series.t.length;
  if (buckets < 1 || n <= 2 * buckets + 2) return { t: series.t.slice(), v: series.v.slice() };
  const start = span?.start ?? series.t[0]!;
  const width = Math.max((span?.end ?? series.t[n - 1]!) - start, Number.MIN_VALUE);
  const keep: number[] = [0];
  let bucket = bucketOf(series.t[0]!, start, width, buckets);
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < n; i++) {
    const b = bucketOf(series.t[i]!, start, width, buckets);
    if (b !== bucket) {
      pushInOrder(keep, lo, hi);
      bucket = b;
      lo = i;
      hi = i;
      continue;
    }
    if (series.v[i]! < series.v[lo]!) lo = i;
    if (series.v[i]! > series.v[hi]!) hi = i;
  }
  pushInOrder(keep, lo, hi);
  if (keep.at(-1) !== n - 1) keep.push(n - 1);
  return { t: keep.map((i) => series.t[i]!), v: keep.map((i) => series.v[i]!) };
}

function bucketOf(t: number, start: number, width: number, buckets: number): number {
  const b = Math.floor(((t - start) / width) * buckets);
  return b < 0 ? 0 : b >= buckets ? buckets - 1 : b;
}

/** Append the two indices in time order, skipping any already kept (indices only grow). */
function pushInOrder(keep: number[], a: number, b: number): void {
  for (const i of a <= b ? [a, b] : [b, a]) {
    if (i > keep.at(-1)!) keep.push(i);
  }
}
