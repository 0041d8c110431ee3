import type { Series } from '../format/types.js';
import { reduceStretches, type Span } from './reduce-stretches.js';

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
  // One stretch: the line reducer's own loop, so that a streamed line and a whole one keep the same samples.
  const whole = { start: span?.start ?? series.t[0]!, end: span?.end ?? series.t[n - 1]! };
  return reduceStretches(series, [], buckets, whole).series;
}
